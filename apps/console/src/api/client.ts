/**
 * The typed API client: openapi-fetch over the types openapi-typescript generates from the API's
 * committed openapi.json (`npm run console:client`; a test fails when they drift).
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type Application = Schemas['ApplicationView'];
export type Problem = Schemas['ProblemDetails'];
export type QueueItem = Schemas['QueueItemView'];
export type TimelineEvent = Schemas['EventView'];
export type Status = Application['status'];

/** An answer the API refused: its RFC 9457 problem document, shown to people in words. */
export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title);
    this.name = 'ProblemError';
  }
}

const credentials: { token: string | null; language: string; onUnauthorized: () => void } = {
  token: null,
  language: 'en',
  onUnauthorized: () => undefined,
};

export function useCredentials(token: string | null, onUnauthorized: () => void): void {
  credentials.token = token;
  credentials.onUnauthorized = onUnauthorized;
}
export function useLanguage(language: string): void {
  credentials.language = language;
}
export function bearer(): Record<string, string> {
  return credentials.token ? { Authorization: `Bearer ${credentials.token}` } : {};
}

const authenticate: Middleware = {
  onRequest({ request }) {
    if (credentials.token) request.headers.set('Authorization', `Bearer ${credentials.token}`);
    request.headers.set('Accept-Language', credentials.language);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401 && credentials.token) credentials.onUnauthorized();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(authenticate);

/** A state change is applied at most once per key: a retried click (or a lost answer) cannot act twice. */
export const idempotencyKey = (): { 'Idempotency-Key': string } => ({ 'Idempotency-Key': crypto.randomUUID() });

/** The parameters of a state-changing call on one application: its id and a fresh Idempotency-Key. */
export const onApplication = (id: string) => ({ params: { path: { id }, header: idempotencyKey() } });

/** The data of an answer, or its problem document thrown. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || result.data === undefined) {
    const problem = result.error as Partial<Problem> | undefined;
    throw new ProblemError({
      type: problem?.type ?? 'about:blank',
      title: problem?.title ?? result.response.statusText,
      status: problem?.status ?? result.response.status,
      detail: problem?.detail ?? '',
      code: problem?.code ?? 'INTERNAL_ERROR',
      requestId: problem?.requestId ?? result.response.headers.get('X-Request-Id') ?? '',
      errors: problem?.errors ?? [],
    });
  }
  return result.data;
}

/**
 * Uploads a document with progress (fetch cannot report upload progress; XMLHttpRequest can).
 */
export function uploadDocument(
  applicationId: string,
  type: string,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<Schemas['DocumentView']> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/v1/applications/${encodeURIComponent(applicationId)}/documents`);
    for (const [name, value] of Object.entries(bearer())) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader('Accept-Language', credentials.language);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new Error('network error'));
    xhr.onload = () => {
      const body = (() => {
        try {
          return JSON.parse(xhr.responseText) as unknown;
        } catch {
          return undefined;
        }
      })();
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as Schemas['DocumentView']);
      else {
        if (xhr.status === 401) credentials.onUnauthorized();
        reject(new ProblemError(body as Problem));
      }
    };
    const form = new FormData();
    form.append('type', type);
    form.append('file', file);
    xhr.send(form);
  });
}

/** A document's bytes as an object URL (the route needs the bearer token, so no plain <img src>). */
export async function documentUrl(applicationId: string, documentId: string): Promise<{ url: string; type: string }> {
  const response = await fetch(
    `/v1/applications/${encodeURIComponent(applicationId)}/documents/${encodeURIComponent(documentId)}`,
    { headers: bearer() },
  );
  if (!response.ok) throw new ProblemError((await response.json()) as Problem);
  const blob = await response.blob();
  return { url: URL.createObjectURL(blob), type: blob.type };
}
