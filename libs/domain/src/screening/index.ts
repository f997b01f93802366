/**
 * Screening lists and matching (issue 22). Not exported from the domain's root index: the workflow
 * bundle imports that, and the workflow never screens (an activity does), so it should not carry
 * pinyin-pro's dictionary.
 */
export * from './csv';
export * from './normalise';
export * from './screening-index';
export * from './simple-csv';
