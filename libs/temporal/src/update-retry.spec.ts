import { ServiceError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { isRetryableUpdateError, withUpdateRetries } from './update-retry';

function grpcError(code: number, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: { get: () => [] } });
}

describe('Update retries', () => {
  const fast = { attempts: 4, initialDelayMs: 1 };

  it('asks again after an abort or a timeout, and answers with the outcome', async () => {
    const answers: Array<() => unknown> = [
      () => {
        throw new ServiceError('Update failed', { cause: grpcError(10, 'workflow update was aborted') });
      },
      () => {
        throw new WorkflowUpdateRPCTimeoutOrCancelledError('timeout');
      },
      () => {
        throw new WorkflowUpdateFailedError(
          'Workflow Update failed',
          ApplicationFailure.create({ type: 'UnprocessedUpdate', message: "wasn't processed by worker" }),
        );
      },
      () => 'applied',
    ];
    const retried: number[] = [];
    const call = jest.fn(async () => answers.shift()!());
    await expect(withUpdateRetries(call, fast, (_e, attempt) => retried.push(attempt))).resolves.toBe('applied');
    expect(call).toHaveBeenCalledTimes(4);
    expect(retried).toEqual([1, 2, 3]);
  });

  it('never retries a refusal by the workflow or an unrelated error', async () => {
    const refusal = new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.nonRetryable('no'));
    const call = jest.fn(async () => {
      throw refusal;
    });
    await expect(withUpdateRetries(call, fast)).rejects.toBe(refusal);
    expect(call).toHaveBeenCalledTimes(1);
    expect(isRetryableUpdateError(new ServiceError('x', { cause: grpcError(14, 'unavailable') }))).toBe(false);
    expect(isRetryableUpdateError(new Error('workflow update was aborted'))).toBe(false);
    expect(isRetryableUpdateError(new ServiceError('x', { cause: grpcError(9, 'precondition') }))).toBe(false);
    // The workflow task carrying the Update failed: not accepted, safe to send again.
    expect(
      isRetryableUpdateError(
        new ServiceError('x', {
          cause: grpcError(9, 'Unable to perform workflow execution update due to unexpected workflow task failure.'),
        }),
      ),
    ).toBe(true);
    // What server 1.29 and the CLI dev server send for an abort: UNAVAILABLE with this message.
    expect(isRetryableUpdateError(new ServiceError('x', { cause: grpcError(14, 'workflow update was aborted') }))).toBe(
      true,
    );
  });

  it('gives up after the last attempt with the last error', async () => {
    const aborted = new ServiceError('Update failed', { cause: grpcError(10, 'workflow update was aborted') });
    const call = jest.fn(async () => {
      throw aborted;
    });
    await expect(withUpdateRetries(call, fast)).rejects.toBe(aborted);
    expect(call).toHaveBeenCalledTimes(4);
  });
});
