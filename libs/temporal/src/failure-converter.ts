/**
 * The failure converter of every client and worker (and of the workflow sandbox, which loads it by
 * path): failure messages and stack traces travel as an encoded payload, so the payload codec
 * encrypts them like any other payload (a domain refusal can quote reviewer text).
 *
 * A database driver's error (an activity's failed write) is redacted before it becomes a failure:
 * its message, detail and SQL parameters carry event data (names, notes), and a failure ends up in
 * the worker's log, the history and whoever reads the failure. Name and SQLSTATE stay.
 */
import {
  DefaultFailureConverter,
  type PayloadConverter,
  type ProtoFailure,
  type SerializationContext,
} from '@temporalio/common';
// By path, not @mo/observability: this module is bundled into the workflow sandbox.
import { redactedError } from '../../observability/src/redact-error';

class RedactingFailureConverter extends DefaultFailureConverter {
  override errorToFailure(
    err: unknown,
    payloadConverter: PayloadConverter,
    context?: SerializationContext,
  ): ProtoFailure {
    return super.errorToFailure(redactedError(err), payloadConverter, context);
  }
}

export const failureConverter = new RedactingFailureConverter({ encodeCommonAttributes: true });
