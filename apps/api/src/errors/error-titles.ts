/**
 * The problem-detail `title` of each error code, in every language: one text per code, the same for
 * every occurrence (RFC 9457), chosen by Accept-Language. The code stays the machine-readable part.
 */
import type { Language, Localized } from '@mo/domain';
import type { ApiErrorCode } from './api-error';

export const ERROR_TITLES: Readonly<Record<ApiErrorCode, Localized>> = {
  UNAUTHENTICATED: { en: 'Authentication required', 'zh-CN': '需要身份验证' },
  FORBIDDEN: { en: 'Not allowed for this role', 'zh-CN': '当前角色无权执行此操作' },
  ROUTE_NOT_GUARDED: { en: 'This route is closed', 'zh-CN': '该接口未开放' },
  APPLICATION_NOT_FOUND: { en: 'Application not found', 'zh-CN': '未找到该申请' },
  ROUTE_NOT_FOUND: { en: 'No such route', 'zh-CN': '接口不存在' },
  METHOD_NOT_ALLOWED: { en: 'Method not allowed on this route', 'zh-CN': '该接口不支持此请求方法' },
  VALIDATION_FAILED: { en: 'The request is invalid', 'zh-CN': '请求无效' },
  MALFORMED_REQUEST: { en: 'The request is malformed', 'zh-CN': '请求格式错误' },
  PAYLOAD_TOO_LARGE: { en: 'The request is too large', 'zh-CN': '请求内容过大' },
  UNSUPPORTED_MEDIA_TYPE: { en: 'Unsupported media type', 'zh-CN': '不支持的媒体类型' },
  ILLEGAL_TRANSITION: { en: 'Not allowed in the current state', 'zh-CN': '当前状态下不允许此操作' },
  PROFILE_CHANGED: { en: 'The profile changed meanwhile', 'zh-CN': '资料已被同时修改' },
  FIELD_NOT_OPEN: { en: 'Not open for changes', 'zh-CN': '该内容不允许修改' },
  APPLICATION_INCOMPLETE: { en: 'The application is incomplete', 'zh-CN': '申请资料不完整' },
  IDEMPOTENCY_KEY_REUSED: { en: 'Idempotency key used for another request', 'zh-CN': '幂等键已用于其他请求' },
  IDEMPOTENCY_KEY_IN_PROGRESS: {
    en: 'A request with this idempotency key is still running',
    'zh-CN': '使用该幂等键的请求仍在处理中',
  },
  IDEMPOTENT_REPLAY_REFUSED: { en: 'This request cannot be repeated', 'zh-CN': '该请求不能重复执行' },
  RATE_LIMITED: { en: 'Too many requests', 'zh-CN': '请求过于频繁' },
  CLAIM_REQUIRED: { en: 'Claim the application first', 'zh-CN': '请先认领该申请' },
  CLAIMED_BY_ANOTHER_REVIEWER: { en: 'Claimed by another reviewer', 'zh-CN': '该申请已被其他审核员认领' },
  SCREENING_HITS_UNRESOLVED: { en: 'Resolve every screening hit first', 'zh-CN': '请先处理所有名单筛查命中' },
  SCREENING_HIT_NOT_FOUND: { en: 'No such screening hit', 'zh-CN': '该名单筛查命中不存在' },
  SCREENING_HIT_RESOLVED: { en: 'The screening hit is already resolved', 'zh-CN': '该名单筛查命中已处理' },
  FOUR_EYES_REQUIRED: { en: 'A second, different approver is required', 'zh-CN': '需要另一位审核员批准' },
  SENIOR_REVIEWER_REQUIRED: { en: 'A senior reviewer is required', 'zh-CN': '需要高级审核员处理' },
  RULE_VIOLATED: { en: 'A rule does not allow this', 'zh-CN': '不符合业务规则' },
  DOCUMENT_NOT_FOUND: { en: 'Document not found', 'zh-CN': '未找到该文件' },
  DOCUMENT_QUOTA_EXCEEDED: { en: 'Document quota exceeded', 'zh-CN': '文件存储配额已用尽' },
  WEBHOOK_ENDPOINT_NOT_FOUND: { en: 'Webhook endpoint not found', 'zh-CN': '未找到该 Webhook 端点' },
  WEBHOOK_ENDPOINT_LIMIT_REACHED: { en: 'Webhook endpoint limit reached', 'zh-CN': 'Webhook 端点数量已达上限' },
  CREDENTIAL_ALREADY_REVEALED: { en: 'The credentials were already shown', 'zh-CN': '凭证已显示过' },
  NOT_PERMITTED: { en: 'Not permitted', 'zh-CN': '无权执行此操作' },
  SERVICE_UNAVAILABLE: { en: 'Service briefly unavailable', 'zh-CN': '服务暂时不可用' },
  OPEN_APPLICATION_LIMIT_REACHED: { en: 'Too many open applications', 'zh-CN': '未完结的申请数量已达上限' },
  MERCHANT_DOCUMENT_QUOTA_EXCEEDED: { en: 'Merchant document quota exceeded', 'zh-CN': '商户文件存储总配额已用尽' },
  PROFILE_REVISION_LIMIT_REACHED: { en: 'Too many profile revisions', 'zh-CN': '资料修订次数已达上限' },
  LONG_POLL_LIMIT_REACHED: { en: 'Too many open waits', 'zh-CN': '同时等待的请求过多' },
  LONG_POLL_CAPACITY_REACHED: { en: 'No capacity for another wait', 'zh-CN': '服务暂时无法接受更多等待请求' },
  READ_MODEL_LAGGING: { en: 'Done, not yet readable', 'zh-CN': '操作已完成，暂未可读' },
  INTERNAL_ERROR: { en: 'Unexpected error', 'zh-CN': '服务器内部错误' },
};

export const errorTitle = (code: ApiErrorCode, language: Language): string => ERROR_TITLES[code][language];
