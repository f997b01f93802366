/**
 * The shells every action shares: its fields in a form (or a lone button), the API's refusal shown
 * next to them, and a submit that waits while the action is under way.
 */
import type { ReactNode } from 'react';
import { ProblemAlert } from './ProblemAlert';

/** What a shell needs of an action in flight (a TanStack mutation has both). */
export interface ActionState {
  readonly error: unknown;
  readonly isPending: boolean;
}

export function ActionForm({
  action,
  onSubmit,
  submitLabel,
  tone,
  className,
  disabled = false,
  children,
}: {
  action: ActionState;
  onSubmit: () => void;
  submitLabel: string;
  tone?: 'primary' | 'danger' | undefined;
  className?: string | undefined;
  disabled?: boolean;
  children?: ReactNode;
}): ReactNode {
  return (
    <form
      className={className}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {children}
      <ProblemAlert error={action.error} />
      <button type="submit" className={tone} disabled={disabled || action.isPending}>
        {submitLabel}
      </button>
    </form>
  );
}

/** An action without fields: one button, and its refusal after it. */
export function ActionButton({
  action,
  onClick,
  label,
  tone,
}: {
  action: ActionState;
  onClick: () => void;
  label: string;
  tone?: 'primary' | 'danger' | undefined;
}): ReactNode {
  return (
    <>
      <button type="button" className={tone} onClick={onClick} disabled={action.isPending}>
        {label}
      </button>
      <ProblemAlert error={action.error} />
    </>
  );
}
