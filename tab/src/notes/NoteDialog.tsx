import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, makeStyles, Text, Textarea, tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NoteData } from '../api/types';
import { useApp } from '../AppContext';
import { formatDateTime } from '../i18n/format';
import { ErrorMessage } from '../views/ErrorMessage';

const useStyles = makeStyles({
  text: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  meta: { display: 'block', color: tokens.colorNeutralForeground3, paddingBottom: tokens.spacingVerticalS },
  editor: { width: '100%', minHeight: '10rem' },
});

type Mode = 'read' | 'edit' | 'confirmDelete';

export interface NoteDialogProps {
  note: NoteData;
  onClose(): void;
  onChanged(): void;
}

/**
 * One note in full (NOTE-1). Its author may edit or delete it while the admin allows it (NOTE-2);
 * for everyone else it is read-only and offers nothing more (the API refuses them too).
 */
export function NoteDialog({ note, onClose, onChanged }: NoteDialogProps) {
  const { t } = useTranslation();
  const { api, locale, userId, enabled } = useApp();
  const styles = useStyles();
  const [mode, setMode] = useState<Mode>('read');
  const [text, setText] = useState(note.text);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const mayChange = note.authorId === userId && enabled('notes.editOwn');

  const run = async (change: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await change();
      onClose();
      onChanged();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  const meta = note.editedAt
    ? t('notes.writtenEdited', { author: note.authorName, when: formatDateTime(note.createdAt, locale), edited: formatDateTime(note.editedAt, locale) })
    : t('notes.written', { author: note.authorName, when: formatDateTime(note.createdAt, locale) });

  return (
    <Dialog open modalType={mode === 'confirmDelete' ? 'alert' : 'modal'} onOpenChange={(_e, data) => !data.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{mode === 'confirmDelete' ? t('notes.deleteTitle') : t('notes.title')}</DialogTitle>
          <DialogContent>
            <Text size={200} className={styles.meta}>{meta}</Text>
            {mode === 'edit'
              ? <Textarea className={styles.editor} value={text} onChange={(_e, data) => setText(data.value)} aria-label={t('notes.editLabel')} resize="vertical" maxLength={10_000} />
              : <Text as="p" className={styles.text}>{note.text}</Text>}
            {mode === 'confirmDelete' && <Text as="p">{t('notes.deleteBody')}</Text>}
            {error !== null && <ErrorMessage error={error} />}
          </DialogContent>
          <DialogActions>
            {mode === 'read' && mayChange && (
              <>
                <Button onClick={() => setMode('confirmDelete')}>{t('notes.delete')}</Button>
                <Button onClick={() => setMode('edit')}>{t('notes.edit')}</Button>
              </>
            )}
            {mode === 'edit' && (
              <Button appearance="primary" disabled={busy || text.trim() === ''} onClick={() => void run(() => api.editNote(note.id, text))}>{t('notes.save')}</Button>
            )}
            {mode === 'confirmDelete' && (
              <Button appearance="primary" disabled={busy} onClick={() => void run(() => api.deleteNote(note.id))}>{t('notes.confirmDelete')}</Button>
            )}
            <Button appearance={mode === 'read' ? 'primary' : 'secondary'} onClick={onClose}>{mode === 'read' ? t('notes.close') : t('notes.cancel')}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
