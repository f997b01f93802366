import type { ReactNode } from 'react';
import type { Application } from '../api/client';
import { useReasonTexts } from '../application/reasons';

/** The reviewer's reasons, in the catalogue's words, each with its message to the merchant. */
export function Feedback({ reasons }: { reasons: Application['feedback'] }): ReactNode {
  const text = useReasonTexts();
  if (reasons.length === 0) return null;
  return (
    <ul className="feedback">
      {reasons.map((r) => (
        <li key={`${r.target}:${r.code}`} data-code={r.code}>
          <strong>{text(r.code)}</strong> {r.message}
        </li>
      ))}
    </ul>
  );
}
