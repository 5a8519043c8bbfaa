import { Button, makeStyles, Spinner, Text, Toast, ToastTitle, tokens, useToastController } from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldDefinitionData } from '../../api/types';
import { useApp } from '../../AppContext';
import { fieldLabel } from '../../i18n/format';
import { TOASTER_ID } from '../../toaster';
import { ErrorMessage } from '../../views/ErrorMessage';
import { FieldDialog } from './FieldDialog';
import { FieldRow, type Move } from './FieldRow';
import { LazyCardPreview } from './LazyCardPreview';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, paddingTop: tokens.spacingVerticalS },
  intro: { color: tokens.colorNeutralForeground2 },
  add: { alignSelf: 'flex-start' },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  // Announced to screen readers only: where a moved field now is.
  status: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clipPath: 'inset(50%)', whiteSpace: 'nowrap' },
});

/**
 * Custom fields (FIELD-2): the list in the order cards show it, moved with up / down buttons; add,
 * edit, retire and restore; and a preview of the card the bot posts in chats with them.
 */
export function FieldsSection() {
  const { t, i18n } = useTranslation();
  const { api } = useApp();
  const styles = useStyles();
  const { dispatchToast } = useToastController(TOASTER_ID);
  const [fields, setFields] = useState<FieldDefinitionData[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<FieldDefinitionData | 'new' | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const focusAfterMove = useRef<{ ident: string; move: Move } | null>(null);
  const moveButtons = useRef(new Map<string, HTMLButtonElement>());
  // One reorder at a time: each sends the whole order as shown, so a second one sent meanwhile would undo the first.
  const reordering = useRef(false);
  const labelOf = (field: FieldDefinitionData) => fieldLabel(field.labels, i18n.language);

  const load = useCallback(() => api.adminFields().then((r) => setFields(r.fields), setError), [api]);
  useEffect(() => void load(), [load]);

  // The moved row may have been re-inserted in the page, which loses focus: give it back.
  useEffect(() => {
    const target = focusAfterMove.current;
    focusAfterMove.current = null;
    if (target) moveButtons.current.get(`${target.move}:${target.ident}`)?.focus();
  }, [fields]);

  const confirm = (text: string) => dispatchToast(<Toast><ToastTitle>{text}</ToastTitle></Toast>, { intent: 'success', politeness: 'polite' });
  /** Runs a change, confirms it, and shows the list as the server has it now, whatever happened. */
  const act = async (action: () => Promise<unknown>, done?: string) => {
    setError(null);
    try {
      await action();
      if (done) confirm(done);
    } catch (e) {
      setError(e);
    }
    await load();
  };

  const move = async (field: FieldDefinitionData, step: Move) => {
    if (reordering.current) return;
    reordering.current = true;
    const order = fields!.map((f) => f.ident);
    const from = order.indexOf(field.ident);
    const to = from + (step === 'up' ? -1 : 1);
    [order[from], order[to]] = [order[to]!, order[from]!];
    focusAfterMove.current = { ident: field.ident, move: step };
    setError(null);
    try {
      setFields((await api.reorderFields(order)).fields);
      setAnnouncement(t('admin.fields.moved', { label: labelOf(field), position: to + 1 }));
    } catch (e) {
      setError(e);
      await load(); // someone else changed the fields meanwhile: show them as they are
    } finally {
      reordering.current = false;
    }
  };

  if (!fields) return error ? <ErrorMessage error={error} /> : <Spinner label={t('loading')} />;
  return (
    <div className={styles.root}>
      <Text className={styles.intro}>{t('admin.fields.intro')}</Text>
      <Button className={styles.add} appearance="primary" icon={<AddRegular />} onClick={() => setEditing('new')}>{t('admin.fields.add')}</Button>
      {error !== null && <ErrorMessage error={error} />}
      {fields.length === 0 ? (
        <Text>{t('admin.fields.none')}</Text>
      ) : (
        <ul className={styles.list} aria-label={t('admin.fields.listLabel')}>
          {fields.map((field, index) => (
            <FieldRow
              key={field.ident}
              field={field}
              label={labelOf(field)}
              first={index === 0}
              last={index === fields.length - 1}
              moveButtonRef={(move, button) => {
                if (button) moveButtons.current.set(`${move}:${field.ident}`, button);
                else moveButtons.current.delete(`${move}:${field.ident}`);
              }}
              onMove={(step) => void move(field, step)}
              onEdit={() => setEditing(field)}
              onRetire={() => void act(() => api.retireField(field.ident), t('admin.fields.retiredDone', { label: labelOf(field) }))}
              onRestore={() => void act(() => api.restoreField(field.ident), t('admin.fields.restoredDone', { label: labelOf(field) }))}
            />
          ))}
        </ul>
      )}
      <LazyCardPreview fields={fields} />
      <div role="status" className={styles.status}>{announcement}</div>
      {editing && (
        <FieldDialog
          field={editing === 'new' ? null : editing}
          fields={fields}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            confirm(t('admin.fields.saved', { label: labelOf(saved) }));
            void load();
          }}
        />
      )}
    </div>
  );
}
