/**
 * The receipt after filing: the reference, big, and for anonymous cases the secret receipt key shown
 * once, with copy, print (only the receipt is printed) and "save as image" (a PNG drawn on a canvas).
 */
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileComplaintResponse } from '../../../../shared/types/intake';
import { bogotaDateTime } from '../../forms/format';
import { UI_NAMESPACES } from '../../i18n';

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
  let copied = false;
  try {
    copied = document.execCommand('copy');
  } catch {
    copied = false;
  }
  area.remove();
  return copied;
}

interface ReceiptLines {
  title: string;
  referenceLabel: string;
  reference: string;
  keyLabel?: string;
  receiptKey?: string;
  dateLine: string;
  warning?: string;
}

/** Draws the receipt on a canvas and downloads it as a PNG, without any library or network. */
function saveAsImage(lines: ReceiptLines, fileName: string): void {
  const width = 720;
  const height = lines.receiptKey ? 520 : 360;
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
  g.fillText(lines.title, 30, 46);
  g.fillStyle = '#1a1a1a';
  let y = 120;
  const label = (text: string) => {
    g.font = '22px system-ui, sans-serif';
    g.fillText(text, 30, y);
    y += 48;
  };
  const big = (text: string) => {
    g.font = 'bold 40px ui-monospace, monospace';
    g.fillText(text, 30, y);
    y += 60;
  };
  label(lines.referenceLabel);
  big(lines.reference);
  if (lines.keyLabel && lines.receiptKey) {
    label(lines.keyLabel);
    big(lines.receiptKey);
  }
  g.font = '20px system-ui, sans-serif';
  g.fillText(lines.dateLine, 30, y);
  y += 40;
  if (lines.warning) {
    g.fillStyle = '#a4161a';
    g.font = 'bold 18px system-ui, sans-serif';
    // Wrap the warning to the canvas width.
    let line = '';
    for (const word of lines.warning.split(' ')) {
      const next = line ? `${line} ${word}` : word;
      if (g.measureText(next).width > width - 60) {
        g.fillText(line, 30, y);
        y += 26;
        line = word;
      } else {
        line = next;
      }
    }
    if (line) g.fillText(line, 30, y);
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

/** The receipt block; `filedAt` is when this page got the answer. */
export function Receipt({ filed, filedAt }: { filed: FileComplaintResponse; filedAt: string }) {
  const { t, i18n } = useTranslation(UI_NAMESPACES);
  const [copied, setCopied] = useState<'ok' | 'failed' | null>(null);
  const date = bogotaDateTime(filedAt, i18n.language);
  const lines: ReceiptLines = {
    title: t('intakeUi:receipt.imageTitle'),
    referenceLabel: t('intakeUi:receipt.reference'),
    reference: filed.reference,
    keyLabel: filed.receiptKey ? t('intakeUi:receipt.key') : undefined,
    receiptKey: filed.receiptKey,
    dateLine: t('intakeUi:receipt.filedOn', { date }),
    warning: filed.receiptKey ? t('intakeUi:receipt.keyWarning') : undefined,
  };

  async function copy() {
    const text = filed.receiptKey
      ? t('intakeUi:receipt.copyTextWithKey', { reference: filed.reference, key: filed.receiptKey })
      : t('intakeUi:receipt.copyText', { reference: filed.reference });
    setCopied((await copyText(text)) ? 'ok' : 'failed');
  }

  return (
    <section className="receipt" aria-labelledby="receipt-title">
      <h2 id="receipt-title">{t('intakeUi:receipt.title')}</h2>
      <p className="print-only">{t('intakeUi:receipt.imageTitle')}</p>
      <dl className="receipt-codes">
        <div>
          <dt>{t('intakeUi:receipt.reference')}</dt>
          <dd className="receipt-code" data-testid="receipt-reference">
            <CodeGroups code={filed.reference} />
          </dd>
        </div>
        {filed.receiptKey && (
          <div>
            <dt>{t('intakeUi:receipt.key')}</dt>
            <dd className="receipt-code receipt-key" data-testid="receipt-key">
              <CodeGroups code={filed.receiptKey} />
            </dd>
          </div>
        )}
      </dl>
      <p className="hint">{lines.dateLine}</p>
      {filed.receiptKey && (
        <p className="callout callout-warning">
          <strong>{t('intakeUi:receipt.keyWarning')}</strong>
        </p>
      )}
      {filed.receiptKeyAlreadyShown && <p className="callout callout-warning">{t('intakeUi:receipt.keyAlreadyShown')}</p>}
      {!filed.receiptKey && !filed.receiptKeyAlreadyShown && <p>{t('intakeUi:receipt.keepReference')}</p>}
      <div className="button-row no-print">
        <button type="button" className="button button-secondary" onClick={() => void copy()}>
          {t('intakeUi:receipt.copy')}
        </button>
        <button type="button" className="button button-secondary" onClick={() => window.print()}>
          {t('intakeUi:receipt.print')}
        </button>
        <button type="button" className="button button-secondary" onClick={() => saveAsImage(lines, `puente-${filed.reference}.png`)}>
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
