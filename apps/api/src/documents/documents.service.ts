import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@mo/config';
import { isCoveredBy, isDocumentKey, isStorableText } from '@mo/domain';
import { DocumentRepository, type DocumentEntity } from '@mo/persistence';
import { ApplicationActionsService } from '../applications/application-actions.service';
import { ApplicationViewer } from '../applications/application-viewer';
import type { Caller } from '../auth/caller';
import type { DocumentView } from '../applications/dto/application-view.dto';
import { uuidFromKey } from '../common/stable-id';
import { UNSTORABLE_MESSAGE } from '../common/storable-text';
import { ApiError, ApiErrorCode } from '../errors/api-error';
import { DocumentStore } from './document-store';
import { sniffMediaType } from './media-type';
import type { SpooledFile } from './upload-storage';

/** An upload as the spooling storage hands it over: on disk, already hashed. */
export type UploadedFile = SpooledFile;

/**
 * Uploads are judged by content, stored by SHA-256 and recorded with their metadata. In a draft
 * the document is attached at once; while changes are requested it is kept for the resubmission,
 * and only a targeted document type is accepted. Older versions stay for the audit.
 */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly applications: ApplicationActionsService,
    private readonly viewer: ApplicationViewer,
    private readonly documents: DocumentRepository,
    private readonly store: DocumentStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * With an Idempotency-Key the document id derives from it, so a retried upload finds its first
   * result (the same file replays it; another file is refused with 422).
   */
  async upload(
    caller: Caller,
    applicationId: string,
    type: string,
    file: UploadedFile | undefined,
    idempotencyKey?: string,
  ): Promise<DocumentView> {
    if (!isDocumentKey(type)) {
      throw new ApiError(ApiErrorCode.ValidationFailed, 'Unknown document type', [
        { field: 'type', message: 'is not a document type nor beneficial_owner_id[<owner id>]' },
      ]);
    }
    if (file === undefined || file.size === 0) {
      throw new ApiError(ApiErrorCode.ValidationFailed, 'A non-empty file is required', [
        { field: 'file', message: 'is required' },
      ]);
    }
    if (!isStorableText(file.originalname)) {
      throw new ApiError(ApiErrorCode.ValidationFailed, 'The file name contains text that cannot be stored', [
        { field: 'file', message: `its file name ${UNSTORABLE_MESSAGE}` },
      ]);
    }
    const mediaType = sniffMediaType(file.head);
    if (mediaType === null) {
      throw new ApiError(
        ApiErrorCode.UnsupportedMediaType,
        'Only PDF, JPEG or PNG files are accepted (judged by their content)',
      );
    }
    const app = await this.viewer.requireVisible(caller, applicationId);
    const attachNow = app.status === 'draft';
    if (!attachNow) {
      if (app.status !== 'changes_requested') {
        throw new ApiError(
          ApiErrorCode.IllegalTransition,
          `Documents cannot be uploaded while the application is ${app.status}`,
        );
      }
      if (
        !isCoveredBy(
          `documents.${type}`,
          app.openReasons.map((r) => r.target),
        )
      ) {
        throw new ApiError(ApiErrorCode.FieldNotOpen, `The ${type} document is not open for changes`, [
          { field: 'type', message: 'is not targeted by the feedback' },
        ]);
      }
    }
    const { sha256 } = file;
    const id =
      idempotencyKey === undefined
        ? randomUUID()
        : uuidFromKey(`upload\0${caller.id}\0${applicationId}\0${idempotencyKey}`);
    const earlier =
      idempotencyKey === undefined ? null : await this.documents.findForMerchant(caller.id, applicationId, id);
    if (earlier !== null) {
      if (earlier.sha256 !== sha256 || earlier.type !== type) {
        throw new ApiError(
          ApiErrorCode.IdempotencyKeyReused,
          'This Idempotency-Key was used to upload a different file',
        );
      }
      // Finish what the first attempt may not have (attaching), then answer as it did.
      if (attachNow) {
        await this.applications.attachToDraft(caller, app, earlier.type, {
          documentId: id,
          sha256,
          mediaType,
          size: earlier.size,
        });
      }
      return { id, type: earlier.type, mediaType, size: earlier.size, sha256, attached: attachNow };
    }
    // Every version counts: replaced documents stay for the audit, so they stay in the total too.
    const quota = this.config.documents.quotaBytes;
    const used = (await this.documents.listForApplication(applicationId)).reduce((sum, d) => sum + d.size, 0);
    if (used + file.size > quota) {
      throw new ApiError(
        ApiErrorCode.DocumentQuotaExceeded,
        `This application already holds ${used} bytes of documents; with this file it would exceed its ${quota}-byte quota`,
        [{ field: 'file', message: `exceeds the application's document quota (${quota - used} bytes left)` }],
      );
    }
    // And across the merchant's applications, so opening more applications does not buy more storage.
    const merchantQuota = this.config.tenancy.merchantDocumentQuotaBytes;
    const merchantUsed = await this.documents.bytesForMerchant(app.merchantId);
    if (merchantUsed + file.size > merchantQuota) {
      throw new ApiError(
        ApiErrorCode.MerchantDocumentQuotaExceeded,
        `Your applications already hold ${merchantUsed} bytes of documents; with this file they would exceed the merchant's ${merchantQuota}-byte quota`,
        [
          {
            field: 'file',
            message: `exceeds the merchant's document quota (${merchantQuota - merchantUsed} bytes left)`,
          },
        ],
      );
    }
    // Attaching to a draft takes a profile revision: refused before anything is stored.
    if (attachNow) await this.applications.ensureRevisionRoom(app);
    await this.store.putFile(sha256, file.path, file.size);
    const doc = await this.documents.add({
      id,
      applicationId,
      merchantId: app.merchantId,
      type: type,
      sha256,
      size: file.size,
      mediaType,
      // By code point: cutting UTF-16 units could split a surrogate pair into text that cannot be stored.
      originalName: Array.from(file.originalname).slice(0, 255).join('') || null,
    });
    if (attachNow) {
      await this.applications.attachToDraft(caller, app, doc.type, {
        documentId: doc.id,
        sha256,
        mediaType,
        size: doc.size,
      });
    }
    return { id: doc.id, type: doc.type, mediaType, size: doc.size, sha256, attached: attachNow };
  }

  async download(
    caller: Caller,
    applicationId: string,
    documentId: string,
  ): Promise<{ doc: DocumentEntity; stream: Readable }> {
    await this.viewer.requireVisible(caller, applicationId);
    const doc =
      caller.role === 'merchant'
        ? await this.documents.findForMerchant(caller.id, applicationId, documentId)
        : await this.documents.findForStaff(applicationId, documentId);
    if (doc === null) throw new ApiError(ApiErrorCode.DocumentNotFound, `No document ${documentId}`);
    return { doc, stream: await this.store.open(doc.sha256) };
  }
}
