/** Check-digit validation for the identifiers a KYB application carries (see product.md vectors). */

const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Unified social credit code, GB 32100-2015. */
export function isValidUscc(code: string): boolean {
  if (!USCC_PATTERN.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(code[i]!) * USCC_WEIGHTS[i]!;
  const check = USCC_CHARSET[(31 - (sum % 31)) % 31];
  return code[17] === check;
}

const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RESIDENT_ID_CHECK = '10X98765432';

/** Resident identity card number, GB 11643-1999 (ISO 7064 MOD 11-2); digits 7-14 must be a real date. */
export function isValidResidentId(id: string): boolean {
  const value = id.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(value)) return false;
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return false;
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(value[i]) * RESIDENT_ID_WEIGHTS[i]!;
  return value[17] === RESIDENT_ID_CHECK[sum % 11];
}

/** Luhn check; a failure is a reviewer finding, never a hard error (corporate accounts are not cards). */
export function passesLuhn(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** A real calendar date written YYYY-MM-DD (no 30 February, no month 13). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * An RFC 3339 date-time (what OpenAPI's `format: date-time` means): a real calendar date, `T` and `Z`
 * in either case, seconds up to 60 (a leap second), fractions, and an offset up to ±23:59.
 */
export function isDateTime(value: string): boolean {
  const match = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/.exec(value);
  if (!match || !isCalendarDate(match[1]!)) return false;
  const [hour, minute, second] = [Number(match[2]), Number(match[3]), Number(match[4])];
  const offsetOk = match[5] === undefined || (Number(match[5]) <= 23 && Number(match[6]) <= 59);
  return hour <= 23 && minute <= 59 && second <= 60 && offsetOk;
}

/** Shaped like a resident ID (17 digits and a check character), whatever type it is declared as. */
export const looksLikeResidentId = (id: string): boolean => /^\d{17}[\dXx]$/.test(id);

/**
 * An ID number as the API accepts it: a declared resident ID must pass its check; without a
 * declared type (a partial edit), a number shaped like a resident ID must pass it too, so a typo
 * cannot slip in by leaving the type out.
 */
export function isAcceptableIdNumber(idType: 'resident_id' | 'passport' | undefined, idNumber: string): boolean {
  if (idType === 'resident_id' || (idType === undefined && looksLikeResidentId(idNumber))) {
    return isValidResidentId(idNumber);
  }
  return true;
}

/** Shaped like an ISO 3166-1 alpha-2 country code (`CN`, `HK`): two capital letters. */
export const isCountryCode = (value: string): boolean => /^[A-Z]{2}$/.test(value);
