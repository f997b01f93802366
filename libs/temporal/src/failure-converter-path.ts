/** Where the failure converter module is, for workers (compiled .js in dist/, .ts under Jest). */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');
