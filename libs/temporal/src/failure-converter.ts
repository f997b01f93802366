/**
 * The failure converter of every client and worker (and of the workflow sandbox, which loads it by
 * path): failure messages and stack traces travel as an encoded payload, so the payload codec
 * encrypts them like any other payload (a domain refusal can quote reviewer text).
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
