import type { Queryable } from '../../store/db';
import { cardIds } from '../contacts/family';
import type { Note } from './note';

interface NoteRow {
  id: string;
  contact_id: string;
  author_id: string;
  author_name: string;
  body: string;
  created_at: Date;
  edited_at: Date | null;
}

const toNote = (r: NoteRow): Note => ({
  id: r.id, contactId: r.contact_id, authorId: r.author_id, authorName: r.author_name, text: r.body, createdAt: r.created_at, editedAt: r.edited_at,
});

/** The notes of a card and its aliases, newest first. */
export async function listNotes(tx: Queryable, contactId: string, limit = 500): Promise<Note[]> {
  const rows = await tx.query<NoteRow>(
    `SELECT * FROM notes WHERE contact_id = ANY(${cardIds('$1')}) ORDER BY created_at DESC, id LIMIT $2`,
    [contactId, limit],
  );
  return rows.map(toNote);
}

export async function findNote(tx: Queryable, id: string, forUpdate = false): Promise<Note | null> {
  const [row] = await tx.query<NoteRow>(`SELECT * FROM notes WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return row ? toNote(row) : null;
}

export async function insertNote(tx: Queryable, note: Pick<Note, 'contactId' | 'authorId' | 'authorName' | 'text'>): Promise<Note> {
  const [row] = await tx.query<NoteRow>(
    'INSERT INTO notes (contact_id, author_id, author_name, body) VALUES ($1, $2, $3, $4) RETURNING *',
    [note.contactId, note.authorId, note.authorName, note.text],
  );
  return toNote(row!);
}

export async function updateNoteText(tx: Queryable, id: string, text: string): Promise<Note> {
  const [row] = await tx.query<NoteRow>('UPDATE notes SET body = $2, edited_at = now() WHERE id = $1 RETURNING *', [id, text]);
  return toNote(row!);
}

export async function deleteNoteRow(tx: Queryable, id: string): Promise<void> {
  await tx.query('DELETE FROM notes WHERE id = $1', [id]);
}
