import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DOCUMENT_TYPES, ownerIdOfDocumentKey } from '@domain/profile';
import { documentUrl, uploadDocument } from '../api/client';
import { ProblemAlert } from '../ui/ProblemAlert';

type DocumentRefs = Record<string, { documentId?: string; mediaType?: string; size?: number } | undefined>;

/** One document type: what is on file, and (when open) an upload with progress. */
function DocumentRow({
  applicationId,
  type,
  current,
  open,
  replacement,
  onUploaded,
  highlight,
  label: given,
}: {
  applicationId: string;
  type: string;
  label?: string;
  current: { documentId?: string } | undefined;
  open: boolean;
  replacement: string | undefined;
  onUploaded: (type: string, documentId: string) => void;
  highlight?: ReactNode;
}): ReactNode {
  const { t } = useTranslation();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const owner = ownerIdOfDocumentKey(type);
  const label = given ?? (owner === undefined ? t(`documents.${type}`) : t('owners.document', { name: owner }));
  const upload = async (file: File): Promise<void> => {
    setError(null);
    setProgress(0);
    try {
      const document = await uploadDocument(applicationId, type, file, setProgress);
      onUploaded(type, document.id);
    } catch (e) {
      setError(e);
    } finally {
      setProgress(null);
    }
  };
  return (
    <li className={`document${highlight ? ' targeted' : ''}`} data-document={type}>
      <div className="document-head">
        <strong>{label}</strong>
        <span className={current?.documentId ? 'ok' : 'muted'}>
          {replacement
            ? t('documents.replaced')
            : current?.documentId
              ? t('documents.uploaded')
              : t('documents.missing')}
        </span>
      </div>
      {highlight}
      {open ? (
        <label className="upload">
          {current?.documentId ? t('documents.replace') : t('documents.upload', { type: label })}
          <input
            type="file"
            accept="application/pdf,image/jpeg,image/png"
            aria-label={t('documents.upload', { type: label })}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void upload(file);
              e.target.value = '';
            }}
          />
          <small className="hint">{t('documents.accepted')}</small>
        </label>
      ) : null}
      {progress !== null ? <progress max={1} value={progress} aria-label={label} /> : null}
      <ProblemAlert error={error} />
    </li>
  );
}

export function DocumentUploads({
  applicationId,
  documents,
  open,
  replacements,
  onUploaded,
  highlight,
  types,
  label,
}: {
  applicationId: string;
  documents: DocumentRefs;
  open: (type: string) => boolean;
  replacements: Record<string, string>;
  onUploaded: (type: string, documentId: string) => void;
  highlight?: (type: string) => ReactNode;
  types?: readonly string[];
  /** A document's label where it is not its type's (an owner's ID document names the owner). */
  label?: (type: string) => string | undefined;
}): ReactNode {
  const { t } = useTranslation();
  return (
    <section>
      <h2>{t('documents.title')}</h2>
      <ul className="documents">
        {(types ?? DOCUMENT_TYPES).map((type) => (
          <DocumentRow
            key={type}
            applicationId={applicationId}
            type={type}
            current={documents[type]}
            open={open(type)}
            replacement={replacements[type]}
            onUploaded={onUploaded}
            highlight={highlight?.(type)}
            label={label?.(type)}
          />
        ))}
      </ul>
    </section>
  );
}

/** A document shown inline: images as images, PDFs in the browser's viewer. */
export function DocumentViewer({
  applicationId,
  documentId,
  label,
}: {
  applicationId: string;
  documentId: string;
  label: string;
}): ReactNode {
  const [file, setFile] = useState<{ url: string; type: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let url: string | null = null;
    let live = true;
    documentUrl(applicationId, documentId)
      .then((f) => {
        url = f.url;
        if (live) setFile(f);
        else URL.revokeObjectURL(f.url);
      })
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [applicationId, documentId]);
  if (error) return <ProblemAlert error={error} />;
  if (!file) return <div className="viewer loading" aria-busy="true" />;
  return file.type.startsWith('image/') ? (
    <img className="viewer" src={file.url} alt={label} />
  ) : (
    <iframe className="viewer" src={file.url} title={label} />
  );
}
