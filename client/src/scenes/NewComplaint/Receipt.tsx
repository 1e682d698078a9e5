/**
 * The receipt slip of a complaint saved on this phone, the same before and after the signal: the
 * provisional code and the secret receipt key the phone made (the key shown only until the person says
 * they saved it), the reference once the complaint arrived, and — for a verbal petition received in the
 * field — the record Decreto 1166 de 2016 asks for. Copy, print (only the slip is printed) and "save as
 * image" (a PNG drawn on a canvas), so it can leave with the person even from a facilitator's phone.
 */
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { bogotaDateTime } from '../../forms/format';
import { UI_NAMESPACES } from '../../i18n';
import type { QueuedComplaint } from '../../offline/queueTypes';
import '../../styles/intake.css';
import '../../styles/screens.css';

/** Copies `text`; the Clipboard API needs a secure context, so older phones get the selection trick. */
async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Refused (permissions): fall back below.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'visually-hidden';
  document.body.appendChild(area);
  area.select();
  let copied: boolean;
  try {
    copied = document.execCommand('copy');
  } catch {
    copied = false;
  }
  area.remove();
  return copied;
}

interface SlipLine {
  label: string;
  value: string;
  big?: boolean;
}

/** Draws the slip on a canvas and downloads it as a PNG, without any library or network. */
function saveAsImage(title: string, lines: SlipLine[], warning: string | null, fileName: string): void {
  const width = 720;
  const height = 120 + lines.reduce((h, line) => h + (line.big ? 108 : 40), 0) + (warning ? 90 : 20);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d');
  if (!g) return;
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, width, height);
  g.fillStyle = '#0b4f6c';
  g.fillRect(0, 0, width, 70);
  g.fillStyle = '#ffffff';
  g.font = 'bold 30px system-ui, sans-serif';
  g.fillText(title, 30, 46);
  g.fillStyle = '#1a1a1a';
  let y = 116;
  for (const line of lines) {
    if (line.big) {
      g.font = '22px system-ui, sans-serif';
      g.fillText(line.label, 30, y);
      g.font = 'bold 40px ui-monospace, monospace';
      g.fillText(line.value, 30, y + 52);
      y += 108;
    } else {
      g.font = '20px system-ui, sans-serif';
      g.fillText(`${line.label}${line.label ? ': ' : ''}${line.value}`, 30, y, width - 60);
      y += 40;
    }
  }
  if (warning) {
    g.fillStyle = '#a4161a';
    g.font = 'bold 18px system-ui, sans-serif';
    let text = '';
    for (const word of warning.split(' ')) {
      const next = text ? `${text} ${word}` : word;
      if (g.measureText(next).width > width - 60) {
        g.fillText(text, 30, y);
        y += 26;
        text = word;
      } else {
        text = next;
      }
    }
    if (text) g.fillText(text, 30, y);
  }
  canvas.toBlob((blob) => {
    if (!blob) return;
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    // Give the download time to start before the URL is released.
    window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }, 'image/png');
}

/** A code shown in its groups (`7K4P-9XQ2-…`), so a narrow screen breaks the line between groups, never inside one. */
function CodeGroups({ code }: { code: string }) {
  return (
    <>
      {code.split(/(?<=[-\s])/).map((group, index) => (
        <Fragment key={index}>
          {index > 0 && <wbr />}
          <span className="code-group">{group}</span>
        </Fragment>
      ))}
    </>
  );
}

/** The receipt key of a saved complaint, until the person confirmed they saved it. */
export function receiptKeyOf(item: QueuedComplaint): string | null {
  return item.receipt.keyConfirmed ? null : item.receipt.key;
}

/** The slip of `item`; `showKey` only until the person confirmed they saved the key. */
export function Receipt({ item, showKey }: { item: QueuedComplaint; showKey: boolean }) {
  const { t, i18n } = useTranslation([...UI_NAMESPACES, 'offline']);
  const [copied, setCopied] = useState<'ok' | 'failed' | null>(null);
  const key = showKey ? receiptKeyOf(item) : null;
  const code = item.receipt.provisionalCode;
  const field = item.receipt.field;
  const date = (iso: string) => bogotaDateTime(iso, i18n.language);
  const pending = t('offline:receipt.pendingReference');

  const lines: SlipLine[] = [];
  if (code) lines.push({ label: t('offline:receipt.provisionalCode'), value: code, big: true });
  lines.push({ label: t('offline:receipt.reference'), value: item.reference ?? pending, big: item.reference !== null });
  if (key) lines.push({ label: t('offline:receipt.key'), value: key, big: true });
  lines.push({ label: '', value: t('offline:receipt.savedAt', { date: date(item.savedAt) }) });
  if (item.arrivedAt) lines.push({ label: '', value: t('offline:receipt.arrivedAt', { date: date(item.arrivedAt) }) });
  const record: string[] = field
    ? [
        t('offline:receipt.field.receivedAt', { date: date(field.receivedAt) }),
        t('offline:receipt.field.receivedBy', { name: field.receivedBy, role: t(`domain:role.${field.receivedByRole as 'facilitator'}`) }),
        ...(item.receipt.filedFor ? [t('offline:receipt.field.filedFor', { name: item.receipt.filedFor })] : []),
        t('offline:receipt.field.subject', { topics: item.receipt.categories.join(', ') }),
        t('offline:receipt.field.place', { place: item.receipt.municipality }),
        t('offline:receipt.field.files', { count: item.files.length }),
        t('offline:receipt.field.consent', { how: t(`intake:onBehalfHow.${field.consentHow}`) }),
        t('offline:receipt.field.verbal'),
      ]
    : [];
  if (field) lines.push({ label: '', value: t('offline:receipt.field.title') }, ...record.map((value) => ({ label: '', value })));

  async function copy() {
    const text = key
      ? t('offline:receipt.copyText', { code: code ?? '—', reference: item.reference ?? pending, key })
      : t('offline:receipt.copyTextNoKey', { code: code ?? '—', reference: item.reference ?? pending });
    setCopied((await copyText(text)) ? 'ok' : 'failed');
  }

  return (
    <section className="receipt" aria-labelledby="receipt-title">
      <h2 id="receipt-title">{t('intakeUi:receipt.title')}</h2>
      <p className="print-only">{t('offline:receipt.slipTitle')}</p>
      <dl className="receipt-codes">
        {code && (
          <div>
            <dt>{t('offline:receipt.provisionalCode')}</dt>
            <dd className="receipt-code" data-testid="receipt-provisional">
              <CodeGroups code={code} />
            </dd>
          </div>
        )}
        <div>
          <dt>{t('offline:receipt.reference')}</dt>
          {item.reference ? (
            <dd className="receipt-code" data-testid="receipt-reference">
              <CodeGroups code={item.reference} />
            </dd>
          ) : (
            <dd className="hint">{t('offline:receipt.referencePending')}</dd>
          )}
        </div>
        {key && (
          <div>
            <dt>{t('offline:receipt.key')}</dt>
            <dd className="receipt-code receipt-key" data-testid="receipt-key">
              <CodeGroups code={key} />
            </dd>
          </div>
        )}
      </dl>
      {code && <p className="hint">{t('offline:receipt.provisionalHint')}</p>}
      {key && <p className="hint">{t('offline:receipt.keyHowToRead')}</p>}
      <p className="hint">{t('offline:receipt.savedAt', { date: date(item.savedAt) })}</p>
      {item.arrivedAt && <p className="hint">{t('offline:receipt.arrivedAt', { date: date(item.arrivedAt) })}</p>}
      {field && (
        <div className="receipt-record">
          <h3>{t('offline:receipt.field.title')}</h3>
          <ul>
            {record.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      )}
      {key && (
        <p className="callout callout-warning">
          <strong>{t('offline:receipt.keyWarning')}</strong>
        </p>
      )}
      <div className="button-row no-print">
        <button type="button" className="button button-secondary" onClick={() => void copy()}>
          {t('intakeUi:receipt.copy')}
        </button>
        <button type="button" className="button button-secondary" onClick={() => window.print()}>
          {t('intakeUi:receipt.print')}
        </button>
        <button
          type="button"
          className="button button-secondary"
          onClick={() =>
            saveAsImage(t('offline:receipt.slipTitle'), lines, key ? t('offline:receipt.keyWarning') : null, `puente-${item.reference ?? code ?? 'queja'}.png`)
          }
        >
          {t('intakeUi:receipt.saveImage')}
        </button>
      </div>
      <p className="no-print" role="status">
        {copied === 'ok' && t('intakeUi:receipt.copied')}
        {copied === 'failed' && t('intakeUi:receipt.copyFailed')}
      </p>
    </section>
  );
}
