import { Button, makeStyles, Text, Textarea, tokens } from '@fluentui/react-components';
import { NoteAddRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NoteData } from '../api/types';
import { useApp } from '../AppContext';
import { formatDateTime } from '../i18n/format';
import { ErrorMessage } from '../views/ErrorMessage';
import { NoteDialog } from './NoteDialog';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, paddingBottom: tokens.spacingVerticalM },
  add: { alignSelf: 'flex-end' },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  note: {
    display: 'flex', flexDirection: 'column', alignItems: 'stretch', gap: tokens.spacingVerticalXXS, width: '100%', minWidth: 0,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`, textAlign: 'start', fontWeight: tokens.fontWeightRegular,
  },
  meta: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalS, color: tokens.colorNeutralForeground3 },
  // Two lines of the note: the excerpt (NOTE-1); the whole text opens on click.
  excerpt: { display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical', overflow: 'hidden', whiteSpace: 'pre-line', overflowWrap: 'anywhere' },
});

export interface NotesProps {
  contactId: string;
  notes: NoteData[];
  /** After a note was added, changed or deleted: the card reloads. */
  onChanged(): void;
}

/** Notes on the card, newest first (NOTE-1): anyone who sees the card adds one; each opens in full. */
export function Notes({ contactId, notes, onChanged }: NotesProps) {
  const { t } = useTranslation();
  const { api, locale } = useApp();
  const styles = useStyles();
  const [draft, setDraft] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState<NoteData | null>(null);

  const add = async () => {
    setSaving(true);
    setError(null);
    try {
      await api.addNote(contactId, draft);
      setDraft('');
      onChanged();
    } catch (e) {
      setError(e); // the draft stays, so nothing typed is lost
    } finally {
      setSaving(false);
    }
  };

  return (
    <div>
      <form className={styles.form} onSubmit={(e) => { e.preventDefault(); void add(); }}>
        <Textarea value={draft} onChange={(_e, data) => setDraft(data.value)} aria-label={t('notes.new')} placeholder={t('notes.placeholder')} resize="vertical" maxLength={10_000} />
        {error !== null && <ErrorMessage error={error} />}
        <Button className={styles.add} type="submit" icon={<NoteAddRegular />} disabled={saving || draft.trim() === ''}>{t('notes.add')}</Button>
      </form>
      {notes.length === 0 ? <Text>{t('notes.none')}</Text> : (
        <ul className={styles.list} aria-label={t('notes.list', { count: notes.length })}>
          {notes.map((note) => {
            const when = formatDateTime(note.createdAt, locale);
            return (
              <li key={note.id}>
                <Button appearance="subtle" className={styles.note} onClick={() => setOpen(note)}
                  aria-label={t('notes.open', { author: note.authorName, when, excerpt: note.text.slice(0, 120) })}>
                  <span className={styles.meta}>
                    <Text size={200} weight="semibold">{note.authorName}</Text>
                    <Text size={200}>{when}</Text>
                    {note.editedAt && <Text size={200}>{t('notes.edited')}</Text>}
                  </span>
                  <Text className={styles.excerpt}>{note.text}</Text>
                </Button>
              </li>
            );
          })}
        </ul>
      )}
      {open && <NoteDialog note={open} onClose={() => setOpen(null)} onChanged={onChanged} />}
    </div>
  );
}
