/**
 * The answer's language, negotiated from Accept-Language (q-values, most preferred first; tags
 * mapped by the domain's `languageOfTag`), and the headers that say a response was localized.
 */
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DEFAULT_LANGUAGE, languageOfTag, type Language } from '@mo/domain';

const QUALITY = /^q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/i;

/**
 * The first of our languages in the caller's order of preference; English when none is (also
 * for `*`, a missing or an unreadable header). A range with q=0 or an invalid q is not acceptable.
 */
export function negotiateLanguage(header: string | undefined): Language {
  if (header === undefined) return DEFAULT_LANGUAGE;
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';').map((p) => p.trim());
      let q = 1;
      for (const param of params) {
        if (!/^q=/i.test(param)) continue;
        const m = QUALITY.exec(param);
        q = m ? Number(m[1]) : 0;
      }
      return { tag, q, index };
    })
    .filter((r) => r.tag !== '' && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const range of ranges) {
    if (range.tag === '*') return DEFAULT_LANGUAGE;
    const language = languageOfTag(range.tag);
    if (language !== null) return language;
  }
  return DEFAULT_LANGUAGE;
}

/** Marks a response as localized: its language, and that caches must key on Accept-Language. */
export function markLocalized(response: Response, language: Language): void {
  response.setHeader('Content-Language', language);
  response.vary('Accept-Language');
}

/** The negotiated language of a route that localizes its answer (which is marked as localized). */
export const AnswerLanguage = createParamDecorator((_: unknown, ctx: ExecutionContext): Language => {
  const http = ctx.switchToHttp();
  const language = negotiateLanguage(http.getRequest<Request>().header('accept-language'));
  markLocalized(http.getResponse<Response>(), language);
  return language;
});
