import express, { type Router } from 'express';
import { z } from 'zod';
import { requirePermission } from '../domain/access/permissions';
import { addNote, deleteNote, editNote } from '../domain/notes/notes';
import { principalOf } from '../http/principal';
import { requireFeature } from '../settings/features';
import type { Db } from '../store/db';

const NoteText = z.object({
  text: z.string().trim().min(1, 'a note needs some text').max(10_000, 'a note holds at most 10,000 characters'),
});

/**
 * `POST /api/contacts/:id/notes`, notes on cards (NOTE-1, NOTE-2): whoever sees a card reads its notes (they
 * come with the card) and adds to them.
 */
export function contactNotesApi(db: Db): Router {
  const router = express.Router();
  router.post('/:id/notes', async (req, res) => {
    const principal = principalOf(req);
    requirePermission(principal, 'contacts:view', 'add notes to contacts');
    const { text } = NoteText.parse(req.body);
    const note = await addNote(db, principal, req.params.id, text);
    res.status(201).location(`/api/notes/${note.id}`).json(note);
  });
  return router;
}

/** `/api/notes/:id` (NOTE-2): only the author edits or deletes a note, and only while the admin allows it. */
export function notesApi(db: Db): Router {
  const router = express.Router();

  router.put('/:id', async (req, res) => {
    const principal = principalOf(req);
    requirePermission(principal, 'contacts:view', 'edit notes');
    await requireFeature(db, 'notes.editOwn');
    const { text } = NoteText.parse(req.body);
    res.json(await editNote(db, principal, req.params.id, text));
  });

  router.delete('/:id', async (req, res) => {
    const principal = principalOf(req);
    requirePermission(principal, 'contacts:view', 'delete notes');
    await requireFeature(db, 'notes.editOwn');
    await deleteNote(db, principal, req.params.id);
    res.status(204).end();
  });

  return router;
}
