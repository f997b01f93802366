/**
 * Where `Caller` was imported from before ApplicationsService was split into
 * ApplicationActionsService and ApplicationReadsService (issue 21). Kept so the features that
 * import it from here need no edit in that change; it can go once they import `./caller`.
 */
export type { Caller } from './caller';
