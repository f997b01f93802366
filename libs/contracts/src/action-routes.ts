/**
 * Where each `allowedActions` entry is done: the entry (a domain command word, as the API has always
 * answered it), the action (row of `ACTIONS`) that carries it, and that action's route under
 * `/v1/applications/{id}`. Pure data with no imports, so the console imports it too and never maps
 * names to routes by hand.
 */
export const ACTION_ROUTES = {
  update_draft: { action: 'updateDraft', method: 'PATCH', path: '' },
  submit: { action: 'submit', method: 'POST', path: 'submit' },
  resubmit: { action: 'resubmit', method: 'POST', path: 'resubmit' },
  confirm_micro_deposit: { action: 'confirmMicroDeposit', method: 'POST', path: 'bank-verification' },
  accept_agreement: { action: 'acceptAgreement', method: 'POST', path: 'agreement' },
  withdraw: { action: 'withdraw', method: 'POST', path: 'withdraw' },
  claim: { action: 'claim', method: 'POST', path: 'claim' },
  release: { action: 'release', method: 'POST', path: 'release' },
  approve: { action: 'decide', method: 'POST', path: 'decisions' },
  request_changes: { action: 'decide', method: 'POST', path: 'decisions' },
  reject: { action: 'decide', method: 'POST', path: 'decisions' },
  add_note: { action: 'addNote', method: 'POST', path: 'notes' },
  reassign: { action: 'reassign', method: 'POST', path: 'reassign' },
  cancel: { action: 'cancel', method: 'POST', path: 'cancel' },
  retry_operation: { action: 'retryOperation', method: 'POST', path: 'retry' },
  // A path parameter is written as OpenAPI spells it; the body says which resolution.
  resolve_screening_hit: {
    action: 'resolveScreeningHit',
    method: 'POST',
    path: 'screening-hits/{hitId}/resolution',
  },
  confirm_screening_match: {
    action: 'resolveScreeningHit',
    method: 'POST',
    path: 'screening-hits/{hitId}/resolution',
  },
} as const;

export type AllowedActionName = keyof typeof ACTION_ROUTES;
