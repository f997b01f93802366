/** What an actor could do now (the API's `allowedActions`), from the same rules `decide` applies. */
import { RULES, type ActorRole, type ApplicationStatus, type CommandType } from './model';
import { isOwnApplication, reviewerRefusal, type ReviewSubject } from './refusals';

const NEEDS_CLAIM: readonly CommandType[] = ['approve', 'request_changes', 'reject', 'release'];

/**
 * The commands this actor could issue now (drives `allowedActions` in the API): the status and role
 * rules, plus the claim (decisions need it) and the four-eyes rule.
 */
export function allowedCommands(
  s: ReviewSubject & {
    readonly claimedBy?: string | null;
    /** While on hold: the status a retry resumes. */
    readonly holdResume?: ApplicationStatus | null;
  },
  actor: { readonly role: ActorRole; readonly id?: string },
): CommandType[] {
  if (s.merchantId !== undefined && isOwnApplication(s.merchantId, actor)) return [];
  return (Object.keys(RULES) as CommandType[]).filter((type) => {
    const rule = RULES[type];
    if (rule.from === 'none' || !rule.from.includes(s.status) || !rule.roles.includes(actor.role)) return false;
    if ((type === 'withdraw' || type === 'cancel') && s.status === 'on_hold' && s.holdResume === 'activating') {
      return false;
    }
    if ((type === 'approve' || type === 'claim') && reviewerRefusal(s, actor) !== null) return false;
    if (NEEDS_CLAIM.includes(type) && s.claimedBy !== undefined) return s.claimedBy === actor.id;
    if (type === 'claim' && s.claimedBy !== undefined && s.claimedBy !== null) return s.claimedBy !== actor.id;
    return true;
  });
}
