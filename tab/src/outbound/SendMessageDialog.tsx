import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, makeStyles, MessageBar, MessageBarBody,
  MessageBarTitle, Radio, RadioGroup, Textarea, Toast, ToastTitle, tokens, useToastController,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import type { CustomerCardData, OutboundChannel } from '../api/types';
import { useApp } from '../AppContext';
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
  onSent(): void;
}

const KIND: Record<OutboundChannel, 'phone' | 'email'> = { sms: 'phone', email: 'email' };

/**
 * Send a message (OUT-1): the contact's phone numbers and e-mail addresses, SMS or e-mail, the text,
 * a confirmation when the provider took it, and the provider's reason when it did not.
 */
export function SendMessageDialog({ contact, interactionId, onClose, onSent }: SendMessageDialogProps) {
  const { t } = useTranslation();
  const { api, outbound } = useApp();
  const styles = useStyles();
  const { dispatchToast } = useToastController(TOASTER_ID);
  const addresses = (channel: OutboundChannel) => contact.identifiers.filter((i) => i.kind === KIND[channel]).map((i) => i.value);
  const usable = (channel: OutboundChannel) => outbound[channel] && addresses(channel).length > 0;
  const [channel, setChannel] = useState<OutboundChannel>(usable('email') || !usable('sms') ? 'email' : 'sms');
  const [to, setTo] = useState(addresses(channel)[0] ?? '');
  const [subject, setSubject] = useState('');
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // One id per message: a retry after a lost answer is recognised by the server and sends once.
  const [id] = useState(() => crypto.randomUUID());

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
      onSent();
    } catch (e) {
      setError(e); // everything typed stays, to correct or try again
      setSending(false);
    }
  };

  // The server names the input at fault; the message is ours, in the user's language.
  const fieldError = (field: 'to' | 'subject' | 'text') => (error instanceof ApiError && error.problem.errors?.some((e) => e.field === field) ? t(`message.invalid.${field}`) : undefined);
  // The provider did not answer: the message may have gone, so this one is not sent again.
  const maybeSent = error instanceof ApiError && error.problem.status === 504;
  const complete = to !== '' && text.trim() !== '' && (channel === 'sms' ? text.length <= SMS_MAX : subject.trim() !== '');

  return (
    <Dialog open onOpenChange={(_e, data) => !data.open && onClose()}>
      <DialogSurface>
        <form onSubmit={(e) => { e.preventDefault(); if (complete) void send(); }}>
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
                    <RadioGroup value={to} onChange={(_e, data) => setTo(data.value)}>
                      {addresses(channel).map((a) => <Radio key={a} value={a} label={a} />)}
                    </RadioGroup>
                  </Field>
                  {channel === 'email' && (
                    <Field label={t('message.subject')} required validationMessage={fieldError('subject')}>
                      <Input value={subject} onChange={(_e, data) => setSubject(data.value)} maxLength={200} />
                    </Field>
                  )}
                  <Field label={t('message.text')} required validationMessage={fieldError('text')}
                    hint={channel === 'sms' ? t('message.smsLength', { length: text.length, max: SMS_MAX }) : undefined}
                    validationState={channel === 'sms' && text.length > SMS_MAX ? 'error' : undefined}>
                    <Textarea value={text} onChange={(_e, data) => setText(data.value)} resize="vertical" rows={5} />
                  </Field>
                </>
              )}
              {error !== null && <SendError error={error} />}
            </DialogContent>
            <DialogActions>
              <Button onClick={onClose}>{t('message.cancel')}</Button>
              <Button appearance="primary" type="submit" disabled={sending || maybeSent || !complete || !usable(channel)}>
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

/** Why the message was not sent, in the provider's words when it gave any. */
function SendError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const problem = error instanceof ApiError ? error.problem : null;
  const reason = problem?.status === 0 ? 'network' : problem?.status === 422 ? 'invalidAddress' : problem?.status === 503 ? 'unavailable' : problem?.status === 502 ? 'refused' : problem?.status === 504 ? 'uncertain' : 'other';
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{t(`message.failed.${reason}`)}</MessageBarTitle>
        {problem?.status !== 0 && (problem?.detail ?? (error instanceof Error ? error.message : ''))}
      </MessageBarBody>
    </MessageBar>
  );
}
