/**
 * Default texts of the reason codes and labels of the reason targets, in every language: the one
 * catalogue the API serves (`GET /v1/reasons`) and a console imports. A reviewer's own message is
 * always shown as written; these texts say what a code means in general.
 */
import type { Language, Localized } from './language';
import { type ListedTarget, type OwnerField, ownerIdOfDocumentKey } from './profile';
import type { FinalRejectionCode, ResubmittableCode } from './reasons';

export const RESUBMITTABLE_CODE_TEXTS: Readonly<Record<ResubmittableCode, Localized>> = {
  MISSING_DOCUMENT: {
    en: 'A required document is missing; upload it.',
    'zh-CN': '缺少必需的文件，请上传。',
  },
  DOCUMENT_UNREADABLE: {
    en: 'The document cannot be read; upload a clearer copy.',
    'zh-CN': '文件无法辨认，请上传更清晰的版本。',
  },
  DOCUMENT_EXPIRED: {
    en: 'The document has expired; upload one that is still valid.',
    'zh-CN': '文件已过期，请上传仍在有效期内的文件。',
  },
  DOCUMENT_MISMATCH: {
    en: 'The document does not match the details in the application; upload the right document or correct the details.',
    'zh-CN': '文件与申请信息不一致，请上传正确的文件或更正申请信息。',
  },
  INVALID_IDENTIFIER: {
    en: 'An identifier, such as the unified social credit code or an ID number, is not valid; correct it.',
    'zh-CN': '统一社会信用代码或证件号码等标识无效，请更正。',
  },
  BANK_ACCOUNT_NAME_MISMATCH: {
    en: "The bank account holder's name does not match the business's legal name; use an account in the business's name.",
    'zh-CN': '银行账户户名与企业名称不一致，请使用以企业名义开立的账户。',
  },
  INCOMPLETE_INFORMATION: {
    en: 'Some information is missing or incomplete; complete it.',
    'zh-CN': '部分信息缺失或不完整，请补充完整。',
  },
  RESTRICTED_CATEGORY_LICENSE_REQUIRED: {
    en: 'This business category needs an industry licence; upload it.',
    'zh-CN': '该经营类别需要行业许可证，请上传。',
  },
  BANK_ACCOUNT_UNVERIFIED: {
    en: 'The bank account could not be verified with the micro-deposit; check the account details.',
    'zh-CN': '银行账户未能通过小额打款验证，请核对账户信息。',
  },
  OTHER: {
    en: "Something else needs to be fixed; see the reviewer's message.",
    'zh-CN': '还有其他需要修改的内容，请查看审核员的说明。',
  },
};

export const FINAL_REJECTION_CODE_TEXTS: Readonly<Record<FinalRejectionCode, Localized>> = {
  PROHIBITED_CATEGORY: {
    en: 'The business is in a category we cannot serve.',
    'zh-CN': '该企业的经营类别不在我们的服务范围内。',
  },
  SUSPECTED_FRAUD: {
    en: 'The application cannot be accepted after a risk review.',
    'zh-CN': '经风险审核，申请未能通过。',
  },
  DUPLICATE_MERCHANT: {
    en: 'The business already has a merchant account or an application in progress.',
    'zh-CN': '该企业已有商户账户或正在处理中的申请。',
  },
  BUSINESS_NOT_OPERATING: {
    en: 'The business registry lists the business as revoked or deregistered; only an operating business can be onboarded.',
    'zh-CN': '企业登记信息显示该企业已被吊销或已注销，仅存续（在业）企业可以开通。',
  },
  RESUBMISSION_LIMIT_REACHED: {
    en: 'Changes were requested more times than allowed; the application cannot be resubmitted again.',
    'zh-CN': '退回修改的次数已达上限，申请不能再次提交。',
  },
  SANCTIONS_MATCH: {
    en: 'The application cannot be accepted after our compliance checks.',
    'zh-CN': '经合规审查，申请未能通过。',
  },
  OTHER: {
    en: "The application cannot be accepted; see the reviewer's message.",
    'zh-CN': '申请未能通过，请查看审核员的说明。',
  },
};

export const REASON_TARGET_LABELS: Readonly<Record<ListedTarget, Localized>> = {
  business: { en: 'Business details', 'zh-CN': '企业信息' },
  'business.legalName': { en: 'Legal name', 'zh-CN': '企业名称' },
  'business.uscc': { en: 'Unified social credit code', 'zh-CN': '统一社会信用代码' },
  'business.registeredAddress': { en: 'Registered address', 'zh-CN': '注册地址' },
  'business.businessScope': { en: 'Business scope', 'zh-CN': '经营范围' },
  'business.mcc': { en: 'Merchant category code (MCC)', 'zh-CN': '商户类别码（MCC）' },
  'business.website': { en: 'Website', 'zh-CN': '网站' },
  'business.expectedMonthlyVolume': { en: 'Expected monthly volume', 'zh-CN': '预计月交易额' },
  'business.contactEmail': { en: 'Contact email', 'zh-CN': '联系邮箱' },
  'business.contactPhone': { en: 'Contact phone', 'zh-CN': '联系电话' },
  legalRepresentative: { en: 'Legal representative', 'zh-CN': '法定代表人' },
  'legalRepresentative.name': { en: "Legal representative's name", 'zh-CN': '法定代表人姓名' },
  'legalRepresentative.idType': { en: "Legal representative's ID type", 'zh-CN': '法定代表人证件类型' },
  'legalRepresentative.idNumber': { en: "Legal representative's ID number", 'zh-CN': '法定代表人证件号码' },
  'legalRepresentative.idExpiry': { en: "Legal representative's ID expiry date", 'zh-CN': '法定代表人证件有效期' },
  bankAccount: { en: 'Settlement bank account', 'zh-CN': '结算银行账户' },
  'bankAccount.holderName': { en: 'Account holder name', 'zh-CN': '账户户名' },
  'bankAccount.bankName': { en: 'Bank', 'zh-CN': '开户银行' },
  'bankAccount.branch': { en: 'Bank branch', 'zh-CN': '开户支行' },
  'bankAccount.accountNumber': { en: 'Account number', 'zh-CN': '银行账号' },
  'bankAccount.accountType': { en: 'Account type', 'zh-CN': '账户类型' },
  applicant: { en: 'Applicant', 'zh-CN': '申请人' },
  'applicant.name': { en: "Applicant's name", 'zh-CN': '申请人姓名' },
  'applicant.isLegalRepresentative': {
    en: 'Whether the applicant is the legal representative',
    'zh-CN': '申请人是否为法定代表人',
  },
  capabilities: { en: 'Requested capabilities', 'zh-CN': '申请开通的功能' },
  beneficialOwners: { en: 'Beneficial owners', 'zh-CN': '受益所有人' },
  business_license: { en: 'Business licence', 'zh-CN': '营业执照' },
  legal_rep_id_front: { en: "Legal representative's ID (photo side)", 'zh-CN': '法定代表人身份证（人像面）' },
  legal_rep_id_back: { en: "Legal representative's ID (emblem side)", 'zh-CN': '法定代表人身份证（国徽面）' },
  bank_account_proof: { en: 'Proof of bank account', 'zh-CN': '银行开户证明' },
  industry_license: { en: 'Industry licence', 'zh-CN': '行业许可证' },
  storefront_photo: { en: 'Storefront photo', 'zh-CN': '门店照片' },
  authorization_letter: { en: 'Letter of authorisation', 'zh-CN': '授权委托书' },
};

export const OWNER_FIELD_LABELS: Readonly<Record<OwnerField, Localized>> = {
  name: { en: 'name', 'zh-CN': '姓名' },
  idType: { en: 'ID type', 'zh-CN': '证件类型' },
  idNumber: { en: 'ID number', 'zh-CN': '证件号码' },
  idExpiry: { en: 'ID expiry date', 'zh-CN': '证件有效期' },
  dateOfBirth: { en: 'date of birth', 'zh-CN': '出生日期' },
  nationality: { en: 'nationality', 'zh-CN': '国籍' },
  control: { en: 'how they control the business', 'zh-CN': '控制方式' },
  ownershipPercent: { en: 'ownership', 'zh-CN': '持股比例' },
};

/**
 * Any target's label, per-owner ones included: `beneficialOwners[o1].idNumber` reads
 * "Beneficial owner o1: ID number"; undefined for a string that is no target.
 */
export function reasonTargetLabel(target: string, language: Language): string | undefined {
  const listed = (REASON_TARGET_LABELS as Readonly<Record<string, Localized>>)[target];
  if (listed && Object.hasOwn(REASON_TARGET_LABELS, target)) return listed[language];
  const zh = language === 'zh-CN';
  const docOwner = ownerIdOfDocumentKey(target);
  if (docOwner !== undefined)
    return zh ? `受益所有人 ${docOwner} 的身份证件` : `Beneficial owner ${docOwner}'s ID document`;
  const owner = /^beneficialOwners\[([A-Za-z0-9_-]{1,28})\](?:\.(\w+))?$/.exec(target);
  if (!owner) return undefined;
  const who = zh ? `受益所有人 ${owner[1]}` : `Beneficial owner ${owner[1]}`;
  if (owner[2] === undefined) return who;
  const field = (OWNER_FIELD_LABELS as Readonly<Record<string, Localized>>)[owner[2]];
  return field && Object.hasOwn(OWNER_FIELD_LABELS, owner[2])
    ? `${who}${zh ? '：' : ': '}${field[language]}`
    : undefined;
}
