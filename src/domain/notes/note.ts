/** A note an agent wrote on a card (NOTE-1). Notes follow merges: an alias's notes show on its canonical card. */
export interface Note {
  id: string;
  /** The card the note was written on (the alias, once that card is merged). */
  contactId: string;
  authorId: string;
  authorName: string;
  text: string;
  createdAt: Date;
  /** When the author last changed it; null if never. */
  editedAt: Date | null;
}
