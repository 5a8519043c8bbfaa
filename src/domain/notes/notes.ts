import type { Db, Queryable } from '../../store/db';
import type { Actor } from '../access/permissions';
import { announceContactChanged } from '../changes';
import { canonicalIdOf, isUuid } from '../contacts/contacts-store';
import { DomainError, notFound } from '../errors';
import type { Note } from './note';
import { deleteNoteRow, findNote, insertNote, updateNoteText } from './notes-store';

type Author = Pick<Actor, 'id' | 'name'>;

/** Adds a note to the card (an alias's id adds it to its canonical card); open cards refresh. */
export async function addNote(db: Db, author: Author, contactId: string, text: string): Promise<Note> {
  return db.transaction(async (tx) => {
    const cardId = await canonicalIdOf(tx, contactId);
    if (!cardId) throw notFound(`contact ${contactId} does not exist`);
    const note = await insertNote(tx, { contactId: cardId, authorId: author.id, authorName: author.name, text });
    await announceContactChanged(tx, cardId);
    return note;
  });
}

/** NOTE-2: only the author changes a note; everyone else reads it. */
export async function editNote(db: Db, editor: Author, noteId: string, text: string): Promise<Note> {
  return db.transaction(async (tx) => {
    await ownNote(tx, editor, noteId, 'edit');
    const note = await updateNoteText(tx, noteId, text);
    await announceContactChanged(tx, (await canonicalIdOf(tx, note.contactId))!);
    return note;
  });
}

export async function deleteNote(db: Db, editor: Author, noteId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const note = await ownNote(tx, editor, noteId, 'delete');
    await deleteNoteRow(tx, noteId);
    await announceContactChanged(tx, (await canonicalIdOf(tx, note.contactId))!);
  });
}

async function ownNote(tx: Queryable, editor: Author, noteId: string, toDo: 'edit' | 'delete'): Promise<Note> {
  const note = isUuid(noteId) ? await findNote(tx, noteId, true) : null;
  if (!note) throw notFound(`note ${noteId} does not exist`);
  if (note.authorId !== editor.id) throw new DomainError('forbidden', `you can ${toDo} only your own notes; this one is ${note.authorName}'s`);
  return note;
}
