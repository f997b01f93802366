import type { Actor, Role } from '@mo/domain';

/** Who is asking: an authenticated actor with a human role. */
export type Caller = Actor & { role: Role };
