import { Button, Toast, ToastTitle, Tooltip, useToastController } from '@fluentui/react-components';
import { CopyRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { TOASTER_ID } from '../toaster';

/** Copies a phone number or e-mail address and confirms it (CARD-5). */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const { t } = useTranslation();
  const { dispatchToast } = useToastController(TOASTER_ID);
  const copy = async () => {
    const copied = await copyText(value);
    dispatchToast(
      <Toast>
        <ToastTitle>{copied ? t('copy.done', { value }) : t('copy.failed')}</ToastTitle>
      </Toast>,
      { intent: copied ? 'success' : 'error', timeout: 3000, politeness: 'polite' },
    );
  };
  const name = t('copy.action', { what: label, value });
  return (
    <Tooltip content={name} relationship="label">
      <Button appearance="subtle" size="small" icon={<CopyRegular />} onClick={() => void copy()} />
    </Tooltip>
  );
}

/** The Clipboard API where allowed; Teams' iframe may forbid it, so fall back to a selection copy. */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}
