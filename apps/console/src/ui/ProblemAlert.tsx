import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemError } from '../api/client';

/** A refusal in words: the API's problem detail (title, detail, each field), and its request id. */
export function ProblemAlert({ error }: { error: unknown }): ReactNode {
  const { t } = useTranslation();
  if (error === null || error === undefined) return null;
  if (error instanceof ProblemError) {
    const p = error.problem;
    return (
      <div role="alert" className="alert alert-error" data-code={p.code}>
        <strong>{p.title}</strong>
        {p.detail && p.detail !== p.title ? <p>{p.detail}</p> : null}
        {p.errors.length > 0 ? (
          <ul>
            {p.errors.map((e) => (
              <li key={`${e.field}:${e.message}`}>
                <code>{e.field}</code>: {e.message}
              </li>
            ))}
          </ul>
        ) : null}
        <small>
          {p.code} · {t('problem.requestId', { id: p.requestId })}
        </small>
      </div>
    );
  }
  return (
    <div role="alert" className="alert alert-error">
      {error instanceof Error ? error.message : typeof error === 'string' ? error : 'Unexpected error'}
    </div>
  );
}
