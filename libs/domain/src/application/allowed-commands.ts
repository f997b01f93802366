/** What an actor could do now (the API's `allowedActions`): the commands whose precondition passes. */
import { RULES, type CommandType } from './model';
import { refusalOf, type Asker, type CommandSubject } from './preconditions';

const COMMAND_TYPES = Object.keys(RULES) as CommandType[];

/**
 * Not offered though `decide` takes it: the claimant claiming again only renews the claim, so the
 * claim is offered to everyone else.
 */
export const isRenewal = (type: CommandType, s: CommandSubject, actor: Asker): boolean =>
  type === 'claim' && s.claimedBy !== undefined && s.claimedBy !== null && s.claimedBy === actor.id;

/** The commands this actor could issue now; `s` may be a read-model row, whose missing facts are not judged. */
export function allowedCommands(s: CommandSubject, actor: Asker): CommandType[] {
  return COMMAND_TYPES.filter((type) => refusalOf(s, type, actor) === null && !isRenewal(type, s, actor));
}
