import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '../api/client';
import type { NoteData } from '../api/types';
import { renderInApp } from '../test-utils';
import { Notes } from './Notes';

const ELINOR = 'elinor-oid';
const note = (overrides: Partial<NoteData>): NoteData => ({
  id: 'n', contactId: 'c1', authorId: ELINOR, authorName: 'Elinor Dashwood', text: 'Note', createdAt: '2026-11-22T09:15:00.000Z', editedAt: null, ...overrides,
});
const long = `Called about order 1811. ${'The parcel left the warehouse on Monday and the courier confirmed it. '.repeat(5)}He will call back on Friday.`;
const NOTES = [
  note({ id: 'n2', authorId: 'marianne-oid', authorName: 'Marianne Dashwood', text: 'Prefers e-mail.', createdAt: '2026-11-22T10:30:00.000Z' }),
  note({ id: 'n1', text: long }),
];

describe('Notes', () => {
  it('lists notes in the order given (newest first) with author, date and time in the user’s locale, and an excerpt', async () => {
    await renderInApp(<Notes contactId="c1" notes={NOTES} onChanged={() => undefined} />, { locale: 'de-DE' });
    const items = within(screen.getByRole('list', { name: '2 Notizen' })).getAllByRole('button');
    expect(items.map((b) => b.getAttribute('aria-label')!.split(':')[0])).toEqual([
      'Notiz von Marianne Dashwood, 22.11.2026, 10',
      'Notiz von Elinor Dashwood, 22.11.2026, 09',
    ]);
    expect(items[1]).toHaveTextContent('Elinor Dashwood');
    expect(items[1]!.getAttribute('aria-label')!.length).toBeLessThan(long.length);
  });

  it('opens a note in full; the author may edit it and the change is saved', async () => {
    const editNote = jest.fn().mockResolvedValue(note({ id: 'n1' }));
    const onChanged = jest.fn();
    await renderInApp(<Notes contactId="c1" notes={NOTES} onChanged={onChanged} />, { userId: ELINOR, api: { editNote } });
    await userEvent.click(screen.getByRole('button', { name: /^Note by Elinor Dashwood/ }));
    const dialog = screen.getByRole('dialog', { name: 'Note' });
    expect(dialog).toHaveTextContent(long);
    expect(dialog).toHaveTextContent(/Written by Elinor Dashwood on Nov 22, 2026/);

    await userEvent.click(within(dialog).getByRole('button', { name: 'Edit' }));
    const editor = within(dialog).getByLabelText('Note text');
    await userEvent.clear(editor);
    await userEvent.type(editor, 'Arrives Friday.');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(editNote).toHaveBeenCalledWith('n1', 'Arrives Friday.');
    expect(onChanged).toHaveBeenCalled();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('the author deletes their note after confirming', async () => {
    const deleteNote = jest.fn().mockResolvedValue(undefined);
    await renderInApp(<Notes contactId="c1" notes={NOTES} onChanged={() => undefined} />, { userId: ELINOR, api: { deleteNote } });
    await userEvent.click(screen.getByRole('button', { name: /^Note by Elinor Dashwood/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(screen.getByRole('alertdialog', { name: 'Delete this note?' })).toBeInTheDocument();
    expect(deleteNote).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Delete note' }));
    expect(deleteNote).toHaveBeenCalledWith('n1');
  });

  it("others' notes, and one's own with the admin switch off, are read-only: nothing to edit or delete", async () => {
    const { unmount } = await renderInApp(<Notes contactId="c1" notes={NOTES} onChanged={() => undefined} />, { userId: ELINOR });
    await userEvent.click(screen.getByRole('button', { name: /^Note by Marianne Dashwood/ }));
    const dialog = screen.getByRole('dialog', { name: 'Note' });
    expect(dialog).toHaveTextContent('Prefers e-mail.');
    expect(within(dialog).getAllByRole('button').map((b) => b.textContent)).toEqual(['Close']);
    unmount();

    await renderInApp(<Notes contactId="c1" notes={NOTES} onChanged={() => undefined} />, { userId: ELINOR, switchedOff: ['notes.editOwn'] });
    await userEvent.click(screen.getByRole('button', { name: /^Note by Elinor Dashwood/ }));
    expect(within(screen.getByRole('dialog', { name: 'Note' })).getAllByRole('button').map((b) => b.textContent)).toEqual(['Close']);
  });

  it('adds a note; when the server refuses, says why and keeps what was typed', async () => {
    const addNote = jest.fn()
      .mockRejectedValueOnce(new ApiError({ status: 400, detail: 'a note holds at most 10,000 characters' }))
      .mockResolvedValueOnce(note({}));
    const onChanged = jest.fn();
    await renderInApp(<Notes contactId="c1" notes={[]} onChanged={onChanged} />, { api: { addNote } });
    expect(screen.getByText('No notes yet.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add note' })).toBeDisabled();

    await userEvent.type(screen.getByRole('textbox', { name: 'New note' }), 'Wants a refund.');
    await userEvent.click(screen.getByRole('button', { name: 'Add note' }));
    expect(screen.getByRole('alert')).toHaveTextContent(/at most 10,000 characters/);
    expect(screen.getByRole('textbox', { name: 'New note' })).toHaveValue('Wants a refund.');
    expect(onChanged).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole('button', { name: 'Add note' }));
    expect(addNote).toHaveBeenLastCalledWith('c1', 'Wants a refund.');
    expect(screen.getByRole('textbox', { name: 'New note' })).toHaveValue('');
    expect(onChanged).toHaveBeenCalled();
  });
});
