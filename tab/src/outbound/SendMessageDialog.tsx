import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, makeStyles, MessageBar, MessageBarBody,
  MessageBarTitle, Radio, RadioGroup, Textarea, Toast, ToastTitle, tokens, useToastController,
} from '@fluentui/react-components';
import { useEffect, useRef, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import type { CustomerCardData, OutboundChannel } from '../api/types';
import { useApp } from '../AppContext';
import { displayIdentifier } from '../i18n/format';
import { TOASTER_ID } from '../toaster';

const SMS_MAX = 1600;

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

export interface SendMessageDialogProps {
  contact: CustomerCardData['contact'];
  /** The interaction being served, when sent during one. */
  interactionId?: string;
  onClose(): void;
  /** After each attempt, sent or not: the card's "Messages sent" shows a refused message too. */
  onAttempted(): void;
}

const KIND: Record<OutboundChannel, 'phone' | 'email'> = { sms: 'phone', email: 'email' };

type InputName = 'to' | 'subject' | 'text';

/**
 * Send a message (OUT-1): the contact's phone numbers and e-mail addresses, SMS or e-mail, the text,
 * a confirmation when the provider took it, and the provider's reason when it did not. After a
 * failure focus stays in the dialog, on the input at fault or on the reason, so Escape still closes it.
 */
export function SendMessageDialog({ contact, interactionId, onClose, onAttempted }: SendMessageDialogProps) {
  const { t } = useTranslation();
  const { api, outbound } = useApp();
  const styles = useStyles();
  const { dispatchToast } = useToastController(TOASTER_ID);
  const recipients = (channel: OutboundChannel) => contact.identifiers.filter((i) => i.kind === KIND[channel]);
  const addresses = (channel: OutboundChannel) => recipients(channel).map((i) => i.value);
  const usable = (channel: OutboundChannel) => outbound[channel] && addresses(channel).length > 0;
  const [channel, setChannel] = useState<OutboundChannel>(usable('email') || !usable('sms') ? 'email' : 'sms');
  const [to, setTo] = useState(addresses(channel)[0] ?? '');
  const [subject, setSubject] = useState('');
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // One id per message: a retry after a lost answer is recognised by the server and sends once.
  const [id] = useState(() => crypto.randomUUID());
  const inputs = { to: useRef<HTMLDivElement>(null), subject: useRef<HTMLInputElement>(null), text: useRef<HTMLTextAreaElement>(null) };
  const errorRef = useRef<HTMLDivElement>(null);

  const choose = (next: OutboundChannel) => {
    setChannel(next);
    setTo(addresses(next)[0] ?? '');
    setError(null);
  };

  const send = async () => {
    setSending(true);
    setError(null);
    try {
      await api.sendMessage(contact.id, { id, channel, to, text, ...(channel === 'email' ? { subject } : {}), ...(interactionId ? { interactionId } : {}) });
      dispatchToast(<Toast><ToastTitle>{t(`message.sent.${channel}`, { to })}</ToastTitle></Toast>, { intent: 'success', politeness: 'polite' });
      onClose();
    } catch (e) {
      setError(e); // everything typed stays, to correct or try again
      setSending(false);
    }
    onAttempted(); // a refused message is kept as not sent: the card shows it now, not after a reload
  };

  // The server names the input at fault; the message is ours, in the user's language.
  const atFault = (field: InputName) => error instanceof ApiError && !!error.problem.errors?.some((e) => e.field === field);
  const fieldError = (field: InputName) => (atFault(field) ? t(`message.invalid.${field}`) : undefined);
  useEffect(() => {
    if (error === null) return;
    const field = (['to', 'subject', 'text'] as const).find(atFault);
    // The recipient is a radio group: its chosen radio takes focus.
    const input = field === 'to' ? inputs.to.current?.querySelector<HTMLElement>('input:checked') : field ? inputs[field].current : null;
    (input ?? errorRef.current)?.focus();
  }, [error]); // once per failure
  // The provider did not answer: the message may have gone, so this one is not sent again.
  const maybeSent = error instanceof ApiError && error.problem.status === 504;
  const complete = to !== '' && text.trim() !== '' && (channel === 'sms' ? text.length <= SMS_MAX : subject.trim() !== '');

  return (
    <Dialog open onOpenChange={(_e, data) => !data.open && onClose()}>
      <DialogSurface>
        <form onSubmit={(e) => { e.preventDefault(); if (complete && !sending) void send(); }}>
          <DialogBody>
            <DialogTitle>{t('message.title', { name: contact.name ?? t('contact.unnamed') })}</DialogTitle>
            <DialogContent className={styles.form}>
              <Field label={t('message.channel')}>
                <RadioGroup layout="horizontal" value={channel} onChange={(_e, data) => choose(data.value as OutboundChannel)}>
                  {(['sms', 'email'] as const).map((c) => <Radio key={c} value={c} label={t(`message.via.${c}`)} disabled={!usable(c)} />)}
                </RadioGroup>
              </Field>
              {!outbound[channel] && <Unavailable text={t(`message.notConfigured.${channel}`)} />}
              {outbound[channel] && addresses(channel).length === 0 && <Unavailable text={t(`message.noAddress.${channel}`)} />}
              {/* Nothing to write while the channel cannot send: the warning above says why. */}
              {usable(channel) && (
                <>
                  <Field label={t(`message.to.${channel}`)} validationMessage={fieldError('to')}>
                    <RadioGroup ref={inputs.to} value={to} onChange={(_e, data) => setTo(data.value)}>
                      {recipients(channel).map((r) => <Radio key={r.value} value={r.value} label={displayIdentifier(r)} />)}
                    </RadioGroup>
                  </Field>
                  {channel === 'email' && (
                    <Field label={t('message.subject')} required validationMessage={fieldError('subject')}>
                      <Input ref={inputs.subject} value={subject} onChange={(_e, data) => setSubject(data.value)} maxLength={200} />
                    </Field>
                  )}
                  <Field label={t('message.text')} required validationMessage={fieldError('text')}
                    hint={channel === 'sms' ? t('message.smsLength', { length: text.length, max: SMS_MAX }) : undefined}
                    validationState={channel === 'sms' && text.length > SMS_MAX ? 'error' : undefined}>
                    <Textarea ref={inputs.text} value={text} onChange={(_e, data) => setText(data.value)} resize="vertical" rows={5} />
                  </Field>
                </>
              )}
              {error !== null && <SendError error={error} ref={errorRef} />}
            </DialogContent>
            <DialogActions>
              <Button onClick={onClose}>{t('message.cancel')}</Button>
              {/* Focusable while sending: a disabled button would drop focus out of the dialog. */}
              <Button appearance="primary" type="submit" disabledFocusable={sending} disabled={!sending && (maybeSent || !complete || !usable(channel))}>
                {sending ? t('message.sending') : t('message.send')}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

function Unavailable({ text }: { text: string }) {
  return <MessageBar intent="warning"><MessageBarBody>{text}</MessageBarBody></MessageBar>;
}

/** Why the message was not sent, in the provider's words when it gave any; focused after a failure. */
function SendError({ error, ref }: { error: unknown; ref: Ref<HTMLDivElement> }) {
  const { t } = useTranslation();
  const problem = error instanceof ApiError ? error.problem : null;
  const reason = problem?.status === 0 ? 'network' : problem?.status === 422 ? 'invalidAddress' : problem?.status === 503 ? 'unavailable' : problem?.status === 502 ? 'refused' : problem?.status === 504 ? 'uncertain' : 'other';
  return (
    <MessageBar intent="error" role="alert" ref={ref} tabIndex={-1}>
      <MessageBarBody>
        <MessageBarTitle>{t(`message.failed.${reason}`)}</MessageBarTitle>
        {problem?.status !== 0 && (problem?.detail ?? (error instanceof Error ? error.message : ''))}
      </MessageBarBody>
    </MessageBar>
  );
}
