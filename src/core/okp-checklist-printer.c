/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-checklist-printer"

#include "config.h"

#include "okp-checklist-printer.h"

#include "okp-checklist-printer-private.h"
#include "okp-checklist-progress.h"

#include <glib/gi18n-lib.h>
#include <langinfo.h>
#include <pango/pangocairo.h>
#include <stdint.h>
#include <string.h>

/*
 * How it works: paginate() turns the checklists into a list of blocks, each
 * a group of positioned pieces (text layouts, ruled lines, a check box, a
 * progress bar) measured with the very PangoLayouts that are drawn later.
 * A block is never split: a step, a note field or a channel moves to the
 * next page whole when it does not fit. Headings stay with the block after
 * them. (Only a block taller than a whole page, which the guide does not
 * have, is continued over pages, cut between two lines.) draw_page() then
 * only places the blocks of one page, with the running header and the page
 * number.
 *
 * The user's notes can be of any length, so they are laid out differently:
 * in chunks of a few lines, each laid out once, one block each, cut between
 * lines at the bottom of a page. Every step is then proportional to the
 * length of the text, and no layout is ever larger than a page.
 *
 * The PDF export, and the file handling it needs, is in
 * okp-checklist-export.c. This file stays over a thousand lines because
 * the layout of each kind of block and the pagination that keeps them
 * whole belong together: split, each half would need the other's
 * internals.
 */

/* Page geometry, in points. The margins are wide enough for any printer's
 * unprintable edge, so the print operation can draw on the full page and
 * give exactly what the PDF export gives. */
#define MARGIN_SIDE    54.0
#define MARGIN_TOP     76.0
#define MARGIN_BOTTOM  66.0
#define HEADER_TOP     34.0
#define FOOTER_BOTTOM  34.0

#define BOX_SIZE       11.0
#define STEP_INDENT    22.0
#define RULE_GAP       21.0
#define BAR_WIDTH      180.0
#define BAR_HEIGHT     5.0

#define FONT_TITLE     "Sans Bold 17"
#define FONT_HEADING   "Sans Bold 12.5"
#define FONT_BODY      "Sans 10"
#define FONT_STRONG    "Sans Bold 10"
#define FONT_DETAIL    "Sans 9.5"
#define FONT_SMALL     "Sans 8.5"
#define FONT_MARGINAL  "Sans 8"

#define GREY_TEXT      0.0
#define GREY_DIM       0.35
#define GREY_RULE      0.55

typedef enum {
  PIECE_TEXT,
  PIECE_RULE,
  PIECE_BOX,
  PIECE_BAR,
} PieceKind;

typedef struct {
  PieceKind    kind;
  double       x;
  double       y;
  double       width;      /* rule, bar: length; box: size */
  double       fraction;   /* bar: the part filled */
  gboolean     done;       /* box: ticked */
  gboolean     dim;        /* text: secondary */
  PangoLayout *layout;     /* text */
} Piece;

typedef struct {
  GArray     *pieces;          /* (element-type Piece) */
  double      height;
  double      space_before;
  gboolean    keep_with_next;  /* a heading: never last on a page */
  gboolean    new_page;        /* a checklist after the first starts a page */
  gboolean    splittable;      /* part of a note: may be cut between lines */
  const char *checklist_id;    /* borrowed from the guide */
  const char *step_id;         /* borrowed; NULL unless a step */
  double      box_x;           /* a step's check box, in the block */
  double      box_y;
} Block;

/* Where pagination put a block: the part of it from top to bottom (in the
 * block's own coordinates) at y on a page. A block is placed whole, in
 * one placement, unless it is taller than a page. */
typedef struct {
  guint  block;
  int    page;
  double y;
  double top;
  double bottom;
} Placement;

struct _OkpChecklistPrinter
{
  GObject            parent_instance;

  /* owned */
  OkpGuide          *guide;
  OkpProgressStore  *store;
  OkpEndpoints      *endpoints;
  GPtrArray         *defs;       /* (element-type OkpChecklistDef) borrowed from guide */
  char              *language;
  GDateTime         *date;
  PangoContext      *context;
  GPtrArray         *blocks;     /* (element-type Block) */
  GArray            *placements; /* (element-type Placement) */
  double             page_width;
  double             page_height;
  int                n_pages;
  gboolean           strict;     /* fail rather than leave text off the paper */
};

G_DEFINE_FINAL_TYPE (OkpChecklistPrinter, okp_checklist_printer, G_TYPE_OBJECT)

/**
 * okp_paper_size_for_mm:
 * @width_mm: the paper width a locale gives, in millimetres
 * @height_mm: the paper height a locale gives, in millimetres
 * @width: (out): the paper width in points
 * @height: (out): the paper height in points
 *
 * Letter where the locale says so (glibc gives Letter as 216 × 279 mm),
 * A4 for everything else: those are the two sizes people have in their
 * printers, and A4 is what most of the world uses.
 */
void
okp_paper_size_for_mm (int     width_mm,
                       int     height_mm,
                       double *width,
                       double *height)
{
  gboolean letter = width_mm == 216 && height_mm == 279;

  g_return_if_fail (width != NULL && height != NULL);

  *width = letter ? OKP_PAPER_LETTER_WIDTH : OKP_PAPER_A4_WIDTH;
  *height = letter ? OKP_PAPER_LETTER_HEIGHT : OKP_PAPER_A4_HEIGHT;
}

/**
 * okp_paper_size_for_locale:
 * @width: (out): the paper width in points
 * @height: (out): the paper height in points
 *
 * The paper size of the current LC_PAPER locale (set with setlocale()).
 */
void
okp_paper_size_for_locale (double *width,
                           double *height)
{
  int width_mm = 210;
  int height_mm = 297;

  g_return_if_fail (width != NULL && height != NULL);

#ifdef __GLIBC__
  /* glibc returns these two items as numbers in the pointer itself. */
  width_mm = (int) (intptr_t) nl_langinfo (_NL_PAPER_WIDTH);
  height_mm = (int) (intptr_t) nl_langinfo (_NL_PAPER_HEIGHT);
#endif

  okp_paper_size_for_mm (width_mm, height_mm, width, height);
}

static void
piece_clear (gpointer data)
{
  Piece *piece = data;

  g_clear_object (&piece->layout);
}

static void
block_free (gpointer data)
{
  Block *block = data;

  g_array_unref (block->pieces);
  g_free (block);
}

static Block *
block_new (double space_before)
{
  Block *block = g_new0 (Block, 1);

  block->pieces = g_array_new (FALSE, TRUE, sizeof (Piece));
  g_array_set_clear_func (block->pieces, piece_clear);
  block->space_before = space_before;

  return block;
}

static double
content_width (OkpChecklistPrinter *self)
{
  return self->page_width - 2 * MARGIN_SIDE;
}

static PangoLayout *
make_layout (OkpChecklistPrinter *self,
             const char          *font,
             double               width)
{
  PangoLayout *layout = pango_layout_new (self->context);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  if (width > 0)
    {
      pango_layout_set_width (layout, pango_units_from_double (width));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }

  /* Chinese reads better with more air between the lines. */
  pango_layout_set_line_spacing (layout,
                                 g_str_has_prefix (self->language, "zh") ? 1.3f : 1.15f);

  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);

  return pango_units_to_double (height);
}

/* Adds text at (@x, @y) in @block, @width wide; returns its bottom. */
static double
add_text (OkpChecklistPrinter *self,
          Block               *block,
          const char          *font,
          double               x,
          double               y,
          double               width,
          gboolean             dim,
          gboolean             markup,
          const char          *text)
{
  Piece piece = { PIECE_TEXT, x, y, width, 0, FALSE, dim, NULL };

  piece.layout = make_layout (self, font, width);
  if (markup)
    pango_layout_set_markup (piece.layout, text, -1);
  else
    pango_layout_set_text (piece.layout, text, -1);
  g_array_append_val (block->pieces, piece);

  block->height = MAX (block->height, y + layout_height (piece.layout));

  return y + layout_height (piece.layout);
}

static double
add_rule (Block  *block,
          double  x,
          double  y,
          double  width)
{
  Piece piece = { PIECE_RULE, x, y, width, 0, FALSE, FALSE, NULL };

  g_array_append_val (block->pieces, piece);
  block->height = MAX (block->height, y + 1);

  return y + 1;
}

static Block *
heading_block_new (OkpChecklistPrinter *self,
                   const char          *heading,
                   const char          *note)
{
  Block *block = block_new (18);
  double y;

  y = add_text (self, block, FONT_HEADING, 0, 0, content_width (self), FALSE, FALSE, heading);
  if (note != NULL)
    add_text (self, block, FONT_SMALL, 0, y + 3, content_width (self), TRUE, FALSE, note);
  block->keep_with_next = TRUE;

  return block;
}

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (unix_time);

  /* Translators: the date and time a step was ticked, on a printed
   * checklist; see g_date_time_format() for the codes */
  return g_date_time_format (time, _("%Y-%m-%d %H:%M"));
}

static Block *
step_block_new (OkpChecklistPrinter   *self,
                const OkpChecklistDef *def,
                const OkpStep         *step)
{
  Block *block = block_new (9);
  Piece box = { PIECE_BOX, 0, 0, BOX_SIZE, 0, FALSE, FALSE, NULL };
  double width = content_width (self) - STEP_INDENT;
  PangoLayout *title;
  double y;

  block->checklist_id = def->id;
  block->step_id = step->id;

  y = add_text (self, block, FONT_STRONG, STEP_INDENT, 0, width, FALSE, FALSE, step->title);

  /* The box sits on the first line of the title, its bottom on the
   * baseline, like a check box beside a label. */
  title = g_array_index (block->pieces, Piece, 0).layout;
  box.y = pango_units_to_double (pango_layout_get_baseline (title)) - BOX_SIZE + 1;
  box.done = self->store != NULL &&
             okp_progress_store_get_step_done (self->store, def->id, step->id);
  block->box_x = box.x;
  block->box_y = box.y;
  g_array_append_val (block->pieces, box);

  if (box.done)
    {
      gint64 when = okp_progress_store_get_step_time (self->store, def->id, step->id);

      if (when > 0)
        {
          g_autofree char *time = format_time (when);
          /* Translators: under a ticked step on a printed checklist */
          g_autofree char *text = g_strdup_printf (_("Ticked on %s"), time);

          y = add_text (self, block, FONT_MARGINAL, STEP_INDENT, y + 1, width, TRUE, FALSE, text);
        }
    }

  y = add_text (self, block, FONT_DETAIL, STEP_INDENT, y + 2, width, FALSE, FALSE, step->detail);

  if (step->fallback != NULL)
    {
      g_autofree char *text = g_markup_printf_escaped ("<b>%s</b> %s",
                                                       /* Translators: before a step's
                                                        * fallback on a printed checklist */
                                                       _("If this does not help:"),
                                                       step->fallback);

      add_text (self, block, FONT_DETAIL, STEP_INDENT, y + 3, width, TRUE, TRUE, text);
    }

  return block;
}

/* A note is laid out in chunks of about this many bytes: a few lines,
 * well under a page. */
#define NOTE_CHUNK 2048

/* The length of @text without one paragraph separator at its end. */
static gsize
strip_paragraph_end (const char *text,
                     gsize       length)
{
  if (length >= 2 && text[length - 2] == '\r' && text[length - 1] == '\n')
    return length - 2;
  if (length >= 1 && (text[length - 1] == '\n' || text[length - 1] == '\r'))
    return length - 1;
  if (length >= 3 && memcmp (text + length - 3, "\xe2\x80\xa9", 3) == 0)
    return length - 3;

  return length;
}

/* Every line of @layout fits the paper: none wider than the column, none
 * taller than a page. Only text nothing can break (one character with
 * thousands of accents, say) fails this. */
static gboolean
check_lines_fit (OkpChecklistPrinter  *self,
                 PangoLayout          *layout,
                 double                width,
                 GError              **error)
{
  double available = self->page_height - MARGIN_TOP - MARGIN_BOTTOM;
  g_autoptr(PangoLayoutIter) iter = pango_layout_get_iter (layout);

  do
    {
      PangoRectangle ink;
      int top, bottom;

      /* The ink, not the logical width: that counts the spaces a line
       * ends with, which hang into the margin unseen. */
      pango_layout_iter_get_line_extents (iter, &ink, NULL);
      pango_layout_iter_get_line_yrange (iter, &top, &bottom);
      if (pango_units_to_double (ink.x + ink.width) > width + 2 ||
          pango_units_to_double (ink.x) < -2 ||
          pango_units_to_double (bottom - top) > available)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("A note has a line that cannot be broken to fit the paper; "
                         "shorten it in OKPay Help and export again"));
          return FALSE;
        }
    }
  while (pango_layout_iter_next_line (iter));

  return TRUE;
}

/* Adds the user's note @text as blocks of a few lines each. Each chunk is
 * laid out once; the last line of a chunk, which may be unfinished, is
 * laid out again as the start of the next, so the lines come out as one
 * layout of the whole text would give them. */
static gboolean
add_note_blocks (OkpChecklistPrinter  *self,
                 const OkpChecklistDef *def,
                 const char           *text,
                 double                space_before,
                 GCancellable         *cancellable,
                 GError              **error)
{
  double width = content_width (self);
  gsize length = strlen (text);
  gsize pos = 0;
  gboolean first = TRUE;

  while (pos < length)
    {
      g_autoptr(PangoLayout) layout = make_layout (self, FONT_BODY, width);
      Piece piece = { PIECE_TEXT, 0, 0, width, 0, FALSE, FALSE, NULL };
      gsize end = MIN (pos + NOTE_CHUNK, length);
      gsize keep;
      Block *block;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      /* A chunk ends between two characters. */
      while (end < length && ((guchar) text[end] & 0xc0) == 0x80)
        end++;

      pango_layout_set_text (layout, text + pos, end - pos);
      keep = end - pos;
      if (end < length && pango_layout_get_line_count (layout) > 1)
        {
          PangoLayoutLine *last = pango_layout_get_line_readonly (layout,
                                                                  pango_layout_get_line_count (layout) - 1);

          keep = last->start_index;
          pango_layout_set_text (layout, text + pos, strip_paragraph_end (text + pos, keep));
        }

      if (self->strict && !check_lines_fit (self, layout, width, error))
        return FALSE;

      block = block_new (first ? space_before : 0);
      block->checklist_id = def->id;
      block->splittable = TRUE;
      piece.layout = g_steal_pointer (&layout);
      block->height = layout_height (piece.layout);
      g_array_append_val (block->pieces, piece);
      g_ptr_array_add (self->blocks, block);

      pos += keep;
      first = FALSE;
    }

  return TRUE;
}

static gboolean
add_field_blocks (OkpChecklistPrinter   *self,
                  const OkpChecklistDef *def,
                  const OkpField        *field,
                  GCancellable          *cancellable,
                  GError               **error)
{
  Block *block = block_new (10);
  const char *note = NULL;
  double width = content_width (self);
  double y;

  block->checklist_id = def->id;
  g_ptr_array_add (self->blocks, block);

  if (self->store != NULL)
    note = okp_progress_store_get_note (self->store, def->id, field->id);

  y = add_text (self, block, FONT_STRONG, 0, 0, width, FALSE, FALSE, field->label);

  /* The note under its label, as long as it is. */
  if (note != NULL && *note != '\0')
    {
      block->keep_with_next = TRUE;
      return add_note_blocks (self, def, note, 3, cancellable, error);
    }

  /* Nothing filled in yet: room to write by hand, more for the fields
   * the application shows as several lines. */
  if (field->hint != NULL)
    y = add_text (self, block, FONT_SMALL, 0, y + 1, width, TRUE, FALSE, field->hint);

  for (int i = 0; i < (field->multiline ? 3 : 1); i++)
    y = add_rule (block, 0, y + RULE_GAP, width);

  return TRUE;
}

static Block *
channel_block_new (OkpChecklistPrinter *self,
                   const OkpChannelDef *channel)
{
  Block *block = block_new (10);
  double width = content_width (self);
  g_autofree char *destination = NULL;
  g_autofree char *text = NULL;
  const char *label = NULL;
  const char *hours = NULL;
  double y;

  y = add_text (self, block, FONT_STRONG, 0, 0, width, FALSE, FALSE, channel->title);

  if (self->endpoints != NULL)
    destination = okp_channel_destination (self->endpoints, channel->kind);

  switch (channel->kind)
    {
    case OKP_CHANNEL_KIND_EMAIL:
      /* Translators: before the support email address on a printed checklist */
      label = _("Address:");
      break;
    case OKP_CHANNEL_KIND_CHAT:
      /* Translators: before the chat's web address on a printed checklist */
      label = _("Web address:");
      hours = self->endpoints != NULL ? self->endpoints->chat_hours : NULL;
      break;
    case OKP_CHANNEL_KIND_PHONE:
      /* Translators: before the hotline number on a printed checklist */
      label = _("Number:");
      hours = self->endpoints != NULL ? self->endpoints->phone_hours : NULL;
      break;
    case OKP_CHANNEL_KIND_SOCIAL:
      /* Translators: before the addresses of the official social media
       * pages on a printed checklist */
      label = _("Official pages:");
      break;
    default:
      g_assert_not_reached ();
    }

  if (destination != NULL)
    text = g_markup_printf_escaped ("<b>%s</b> %s", label, destination);
  else
    text = g_markup_printf_escaped ("<b>%s</b> %s", label,
                                    _("Not configured. Look it up on the official OKPay website; "
                                      "it can be set in Preferences."));
  y = add_text (self, block, FONT_DETAIL, 0, y + 2, width, FALSE, TRUE, text);

  if (hours != NULL)
    {
      g_autofree char *hours_text = g_markup_printf_escaped ("<b>%s</b> %s",
                                                             /* Translators: before when a
                                                              * support channel answers */
                                                             _("Hours:"), hours);

      y = add_text (self, block, FONT_DETAIL, 0, y + 1, width, FALSE, TRUE, hours_text);
    }

  if (channel->ready != NULL)
    {
      g_autofree char *ready = g_markup_printf_escaped ("<b>%s</b> %s",
                                                        /* Translators: before what to have
                                                         * ready when contacting support */
                                                        _("Have ready:"), channel->ready);

      add_text (self, block, FONT_DETAIL, 0, y + 1, width, TRUE, TRUE, ready);
    }

  return block;
}

static gboolean
add_checklist_blocks (OkpChecklistPrinter   *self,
                      const OkpChecklistDef *def,
                      gboolean               first,
                      GCancellable          *cancellable,
                      GError               **error)
{
  double width = content_width (self);
  guint total = def->steps->len;
  guint done = self->store != NULL ? okp_checklist_progress_count_done (self->store, def) : 0;
  g_autofree char *progress = NULL;
  GPtrArray *channels;
  Block *block;
  double y;

  block = block_new (0);
  block->new_page = !first;
  block->checklist_id = def->id;
  add_text (self, block, FONT_TITLE, 0, 0, width, FALSE, FALSE, def->title);
  g_ptr_array_add (self->blocks, block);

  block = block_new (6);
  block->checklist_id = def->id;
  add_text (self, block, FONT_BODY, 0, 0, width, FALSE, FALSE, def->summary);
  g_ptr_array_add (self->blocks, block);

  /* The same words as the checklist page's progress bar. */
  progress = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u of %u step done", "%u of %u steps done", total),
                              done, total);
  block = block_new (12);
  block->checklist_id = def->id;
  y = add_text (self, block, FONT_STRONG, 0, 0, width, FALSE, FALSE, progress);
  {
    Piece bar = { PIECE_BAR, 0, y + 4, MIN (BAR_WIDTH, width), 0, FALSE, FALSE, NULL };

    bar.fraction = total > 0 ? (double) done / total : 0;
    g_array_append_val (block->pieces, bar);
    block->height = y + 4 + BAR_HEIGHT;
    y = block->height;
  }
  if (self->store != NULL && okp_progress_store_get_solved (self->store, def->id))
    /* Translators: on a printed checklist the user marked as solved */
    add_text (self, block, FONT_DETAIL, 0, y + 4, width, FALSE, FALSE, _("Marked as solved"));
  g_ptr_array_add (self->blocks, block);

  block = heading_block_new (self, _("Steps"), NULL);
  block->checklist_id = def->id;
  g_ptr_array_add (self->blocks, block);
  for (guint i = 0; i < def->steps->len; i++)
    g_ptr_array_add (self->blocks, step_block_new (self, def, g_ptr_array_index (def->steps, i)));

  if (def->fields->len > 0)
    {
      block = heading_block_new (self, _("Details for Support"),
                                 /* The words of the checklist page. */
                                 _("Write down what support will ask for, so it is ready when you "
                                   "contact them. Nothing here asks for your password, PIN or a "
                                   "verification code: support never needs them, and anyone who "
                                   "asks for them is not OKPay support. Never give them to anyone."));
      block->checklist_id = def->id;
      g_ptr_array_add (self->blocks, block);
      for (guint i = 0; i < def->fields->len; i++)
        if (!add_field_blocks (self, def, g_ptr_array_index (def->fields, i), cancellable, error))
          return FALSE;
    }

  channels = okp_guide_get_channels (self->guide);
  if (channels->len > 0)
    {
      block = heading_block_new (self, _("Support Channels"),
                                 _("Contact OKPay only through its official channels."));
      block->checklist_id = def->id;
      g_ptr_array_add (self->blocks, block);
      for (guint i = 0; i < channels->len; i++)
        g_ptr_array_add (self->blocks, channel_block_new (self, g_ptr_array_index (channels, i)));
    }

  return TRUE;
}

/* The lowest place at or above @limit in @block where nothing is cut:
 * the bottom of a line of text, of a ruled line, of the box. Returns 0 if
 * there is none. */
static double
block_break_before (const Block *block,
                    double       limit)
{
  double best = 0;

  for (guint i = 0; i < block->pieces->len; i++)
    {
      const Piece *piece = &g_array_index (block->pieces, Piece, i);
      g_autoptr(PangoLayoutIter) iter = NULL;

      if (piece->layout == NULL)
        {
          double bottom = piece->y + (piece->kind == PIECE_BAR ? BAR_HEIGHT : piece->width);

          if (piece->kind == PIECE_RULE)
            bottom = piece->y + 1;
          if (bottom <= limit)
            best = MAX (best, bottom);
          continue;
        }

      iter = pango_layout_get_iter (piece->layout);
      do
        {
          int line_top, line_bottom;
          double bottom;

          pango_layout_iter_get_line_yrange (iter, &line_top, &line_bottom);
          bottom = piece->y + pango_units_to_double (line_bottom);
          if (bottom <= limit)
            best = MAX (best, bottom);
        }
      while (pango_layout_iter_next_line (iter));
    }

  return best;
}

static void
ensure_context (OkpChecklistPrinter *self,
                cairo_t             *cr)
{
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (FONT_BODY);
  cairo_font_options_t *options;

  g_clear_object (&self->context);
  self->context = pango_cairo_create_context (cr);

  /* Lengths are points whatever the device: font sizes in points are
   * then user units, and metrics do not depend on the device's
   * resolution, so pages measured on one context draw the same on any. */
  pango_cairo_context_set_resolution (self->context, 72.0);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (self->context, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (self->context, FALSE);

  /* The language picks the fonts: with zh-CN, fontconfig gives "Sans"
   * a Simplified Chinese face (Noto Sans CJK SC) for Han characters. */
  pango_context_set_language (self->context, pango_language_from_string (self->language));
  pango_context_set_font_description (self->context, desc);
}

/* Places @block from the current position (@page, @y) on, cut between
 * lines wherever a page ends: a note, or a block taller than a page. */
static void
place_split (OkpChecklistPrinter *self,
             guint                index,
             double               available,
             double               space,
             int                 *page,
             double              *y)
{
  Block *block = g_ptr_array_index (self->blocks, index);
  Placement placement = { index, 0, 0, 0, block->height };

  while (placement.top < block->height)
    {
      double room = available - *y - space;

      placement.bottom = block_break_before (block, placement.top + room);
      if (placement.bottom <= placement.top)
        {
          /* Not one more line fits here: on to the next page, or, on an
           * empty page, cut where the page ends. */
          if (*y > 0)
            {
              (*page)++;
              *y = 0;
              space = 0;
              continue;
            }
          placement.bottom = MIN (placement.top + available, block->height);
        }

      placement.page = *page;
      placement.y = MARGIN_TOP + *y + space;
      g_array_append_val (self->placements, placement);

      *y += space + placement.bottom - placement.top;
      space = 0;
      placement.top = placement.bottom;
      if (placement.top < block->height)
        {
          (*page)++;
          *y = 0;
        }
    }
}

/**
 * okp_checklist_printer_paginate_full:
 * @strict: fail rather than cut off text that cannot be put on the paper
 *   whole
 * @cancellable: (nullable): a #GCancellable
 *
 * okp_checklist_printer_paginate(), for the export: it can be cancelled,
 * and with @strict it fails rather than leave text off the paper.
 *
 * Returns: the number of pages, or 0 with @error set
 */
int
okp_checklist_printer_paginate_full (OkpChecklistPrinter  *self,
                                     cairo_t              *cr,
                                     double                page_width,
                                     double                page_height,
                                     gboolean              strict,
                                     GCancellable         *cancellable,
                                     GError              **error)
{
  double available;
  double y = 0;
  int page = 0;

  self->page_width = page_width;
  self->page_height = page_height;
  self->n_pages = 0;
  self->strict = strict;
  available = page_height - MARGIN_TOP - MARGIN_BOTTOM;

  ensure_context (self, cr);
  g_ptr_array_set_size (self->blocks, 0);
  g_array_set_size (self->placements, 0);
  for (guint i = 0; i < self->defs->len; i++)
    if (!add_checklist_blocks (self, g_ptr_array_index (self->defs, i), i == 0,
                               cancellable, error))
      {
        g_ptr_array_set_size (self->blocks, 0);
        return 0;
      }

  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (self->blocks, i);
      double space = y > 0 ? block->space_before : 0;
      double needed = block->height;
      Placement placement = { i, 0, 0, 0, block->height };

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return 0;

      if (block->new_page && y > 0)
        {
          page++;
          y = 0;
          space = 0;
        }

      /* A heading goes with what follows it, if the two fit on a page;
       * with a note, with the note's first line. */
      if (block->keep_with_next && i + 1 < self->blocks->len)
        {
          Block *next = g_ptr_array_index (self->blocks, i + 1);
          double next_height = next->height;
          double together;

          if (next->splittable)
            {
              const Piece *piece = &g_array_index (next->pieces, Piece, 0);
              g_autoptr(PangoLayoutIter) iter = pango_layout_get_iter (piece->layout);
              int line_top, line_bottom;

              pango_layout_iter_get_line_yrange (iter, &line_top, &line_bottom);
              next_height = MIN (next->height, piece->y + pango_units_to_double (line_bottom));
            }
          together = block->height + next->space_before + next_height;

          if (together <= available)
            needed = together;
        }

      if (block->splittable)
        {
          place_split (self, i, available, space, &page, &y);
          continue;
        }

      if (y > 0 && y + space + needed > available)
        {
          page++;
          y = 0;
          space = 0;
        }

      if (block->height <= available)
        {
          placement.page = page;
          placement.y = MARGIN_TOP + y + space;
          g_array_append_val (self->placements, placement);
          y += space + block->height;
          continue;
        }

      /* A block taller than a whole page is not in the guide (a step is a
       * few lines); should one ever be, it is not shrunk to an unreadable
       * size but continued on the next pages, cut between lines, from the
       * top of a page. */
      place_split (self, i, available, 0, &page, &y);
    }

  self->n_pages = page + 1;

  return self->n_pages;
}

/**
 * okp_checklist_printer_paginate:
 * @self: an #OkpChecklistPrinter
 * @cr: a Cairo context on the surface the pages will be drawn on (its
 *   font options are used to measure the text)
 * @page_width: the paper width, in points
 * @page_height: the paper height, in points
 *
 * Lays the checklists out on pages of this size. Call it again when the
 * paper changes; the pages drawn afterwards follow the new layout.
 *
 * Returns: the number of pages
 */
int
okp_checklist_printer_paginate (OkpChecklistPrinter *self,
                                cairo_t             *cr,
                                double               page_width,
                                double               page_height)
{
  g_autoptr(GError) error = NULL;
  int n_pages;

  g_return_val_if_fail (OKP_IS_CHECKLIST_PRINTER (self), 0);
  g_return_val_if_fail (cr != NULL, 0);
  g_return_val_if_fail (page_width > 2 * MARGIN_SIDE + STEP_INDENT, 0);
  g_return_val_if_fail (page_height > MARGIN_TOP + MARGIN_BOTTOM, 0);

  /* The print dialog shows what it can; the export is strict. */
  n_pages = okp_checklist_printer_paginate_full (self, cr, page_width, page_height, FALSE, NULL,
                                                 &error);
  g_assert (n_pages > 0);

  return n_pages;
}

/**
 * okp_checklist_printer_get_n_pages:
 *
 * Returns: the number of pages of the last pagination, or 0 before it
 */
int
okp_checklist_printer_get_n_pages (OkpChecklistPrinter *self)
{
  g_return_val_if_fail (OKP_IS_CHECKLIST_PRINTER (self), 0);

  return self->n_pages;
}

static void
draw_box (cairo_t *cr,
          double   x,
          double   y,
          double   size,
          gboolean done)
{
  cairo_set_source_rgb (cr, GREY_TEXT, GREY_TEXT, GREY_TEXT);
  cairo_set_line_width (cr, 1.0);
  cairo_rectangle (cr, x + 0.5, y + 0.5, size - 1, size - 1);

  if (!done)
    {
      cairo_stroke (cr);
      return;
    }

  /* Ticked: a filled box with the check mark cut out, which reads as
   * ticked on any printer, even a pale one, and not as a smudge. */
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, size * 0.15);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_move_to (cr, x + size * 0.22, y + size * 0.52);
  cairo_line_to (cr, x + size * 0.42, y + size * 0.72);
  cairo_line_to (cr, x + size * 0.78, y + size * 0.28);
  cairo_stroke (cr);
}

/* Draws the lines of a text piece that lie between @top and @bottom of
 * its block, for a block continued over pages. */
static void
draw_text_lines (cairo_t     *cr,
                 const Piece *piece,
                 double       top,
                 double       bottom)
{
  g_autoptr(PangoLayoutIter) iter = pango_layout_get_iter (piece->layout);

  do
    {
      PangoRectangle logical;
      int line_top, line_bottom;

      pango_layout_iter_get_line_yrange (iter, &line_top, &line_bottom);
      if (piece->y + pango_units_to_double (line_top) < top - 0.01 ||
          piece->y + pango_units_to_double (line_bottom) > bottom + 0.01)
        continue;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      cairo_move_to (cr,
                     piece->x + pango_units_to_double (logical.x),
                     piece->y + pango_units_to_double (pango_layout_iter_get_baseline (iter)));
      pango_cairo_show_layout_line (cr, pango_layout_iter_get_line_readonly (iter));
    }
  while (pango_layout_iter_next_line (iter));
}

/* A drawing belongs to the part of a continued block its middle is in. */
static gboolean
piece_in_part (const Piece *piece,
               double       height,
               double       top,
               double       bottom)
{
  double middle = piece->y + height / 2;

  return middle >= top && middle < bottom;
}

static void
draw_piece (cairo_t     *cr,
            const Piece *piece,
            double       top,
            double       bottom)
{
  double height;
  double grey;

  switch (piece->kind)
    {
    case PIECE_TEXT:
      grey = piece->dim ? GREY_DIM : GREY_TEXT;
      cairo_set_source_rgb (cr, grey, grey, grey);
      pango_cairo_update_layout (cr, piece->layout);
      height = layout_height (piece->layout);
      if (piece->y >= top - 0.01 && piece->y + height <= bottom + 0.01)
        {
          cairo_move_to (cr, piece->x, piece->y);
          pango_cairo_show_layout (cr, piece->layout);
        }
      else
        {
          draw_text_lines (cr, piece, top, bottom);
        }
      break;

    case PIECE_RULE:
      if (!piece_in_part (piece, 1, top, bottom))
        break;
      cairo_set_source_rgb (cr, GREY_RULE, GREY_RULE, GREY_RULE);
      cairo_set_line_width (cr, 0.6);
      cairo_move_to (cr, piece->x, piece->y + 0.5);
      cairo_line_to (cr, piece->x + piece->width, piece->y + 0.5);
      cairo_stroke (cr);
      break;

    case PIECE_BOX:
      if (!piece_in_part (piece, piece->width, top, bottom))
        break;
      draw_box (cr, piece->x, piece->y, piece->width, piece->done);
      break;

    case PIECE_BAR:
      if (!piece_in_part (piece, BAR_HEIGHT, top, bottom))
        break;
      cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
      cairo_rectangle (cr, piece->x, piece->y, piece->width * piece->fraction, BAR_HEIGHT);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, GREY_RULE, GREY_RULE, GREY_RULE);
      cairo_set_line_width (cr, 0.6);
      cairo_rectangle (cr, piece->x + 0.3, piece->y + 0.3, piece->width - 0.6, BAR_HEIGHT - 0.6);
      cairo_stroke (cr);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
draw_margins (OkpChecklistPrinter *self,
              cairo_t             *cr,
              int                  page)
{
  g_autoptr(PangoLayout) name = make_layout (self, FONT_MARGINAL, -1);
  g_autoptr(PangoLayout) date = make_layout (self, FONT_MARGINAL, -1);
  g_autoptr(PangoLayout) number = make_layout (self, FONT_MARGINAL, -1);
  g_autofree char *date_text = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *number_text = NULL;
  double line_y;
  int width, height;

  /* Translators: the date a checklist was printed, in its header; see
   * g_date_time_format() for the codes */
  date_text = g_date_time_format (self->date, _("%Y-%m-%d"));
  /* Translators: in the header of a printed checklist, %s is the date */
  printed = g_strdup_printf (_("Printed %s"), date_text);
  pango_layout_set_text (name, _("OKPay Help"), -1);
  pango_layout_set_text (date, printed, -1);

  cairo_set_source_rgb (cr, GREY_DIM, GREY_DIM, GREY_DIM);
  cairo_move_to (cr, MARGIN_SIDE, HEADER_TOP);
  pango_cairo_update_layout (cr, name);
  pango_cairo_show_layout (cr, name);

  pango_cairo_update_layout (cr, date);
  pango_layout_get_size (date, &width, &height);
  cairo_move_to (cr, self->page_width - MARGIN_SIDE - pango_units_to_double (width), HEADER_TOP);
  pango_cairo_show_layout (cr, date);

  line_y = HEADER_TOP + MAX (layout_height (name), layout_height (date)) + 4;
  cairo_set_source_rgb (cr, GREY_RULE, GREY_RULE, GREY_RULE);
  cairo_set_line_width (cr, 0.6);
  cairo_move_to (cr, MARGIN_SIDE, line_y);
  cairo_line_to (cr, self->page_width - MARGIN_SIDE, line_y);
  cairo_stroke (cr);

  /* Page numbers are numbers in every language this application has. */
  number_text = g_strdup_printf ("%d / %d", page + 1, self->n_pages);
  pango_layout_set_text (number, number_text, -1);
  pango_cairo_update_layout (cr, number);
  pango_layout_get_size (number, &width, &height);
  cairo_set_source_rgb (cr, GREY_DIM, GREY_DIM, GREY_DIM);
  cairo_move_to (cr,
                 (self->page_width - pango_units_to_double (width)) / 2,
                 self->page_height - FOOTER_BOTTOM - pango_units_to_double (height));
  pango_cairo_show_layout (cr, number);
}

/**
 * okp_checklist_printer_draw_page:
 * @self: an #OkpChecklistPrinter
 * @cr: where to draw, with user units in points and the origin at the
 *   paper's top left corner
 * @page: the page, from 0
 *
 * Draws one page of the last pagination.
 */
void
okp_checklist_printer_draw_page (OkpChecklistPrinter *self,
                                 cairo_t             *cr,
                                 int                  page)
{
  guint lo, hi;

  g_return_if_fail (OKP_IS_CHECKLIST_PRINTER (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (page >= 0 && page < self->n_pages);

  cairo_save (cr);
  pango_cairo_update_context (cr, self->context);

  draw_margins (self, cr, page);

  /* Placements are in page order: the page's first is found by halving,
   * so drawing every page takes time in proportion to the document. */
  lo = 0;
  hi = self->placements->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->placements, Placement, mid).page < page)
        lo = mid + 1;
      else
        hi = mid;
    }

  for (guint i = lo; i < self->placements->len; i++)
    {
      const Placement *placement = &g_array_index (self->placements, Placement, i);
      const Block *block = g_ptr_array_index (self->blocks, placement->block);

      if (placement->page != page)
        break;

      cairo_save (cr);
      cairo_translate (cr, MARGIN_SIDE, placement->y - placement->top);
      for (guint j = 0; j < block->pieces->len; j++)
        draw_piece (cr, &g_array_index (block->pieces, Piece, j),
                    placement->top, placement->bottom);
      cairo_restore (cr);
    }

  cairo_restore (cr);
}

/**
 * okp_checklist_printer_get_step_box:
 * @self: an #OkpChecklistPrinter, paginated
 * @checklist_id: a checklist being printed
 * @step_id: one of its steps
 * @page: (out) (optional): the page the step is on, from 0
 * @x: (out) (optional): the left edge of the step's check box, in points
 * @y: (out) (optional): its top edge
 * @size: (out) (optional): its side
 *
 * Where a step's check box is on the paper, to find it on a printed or
 * rendered page.
 *
 * Returns: %TRUE if the step is in the document
 */
gboolean
okp_checklist_printer_get_step_box (OkpChecklistPrinter *self,
                                    const char          *checklist_id,
                                    const char          *step_id,
                                    int                 *page,
                                    double              *x,
                                    double              *y,
                                    double              *size)
{
  g_return_val_if_fail (OKP_IS_CHECKLIST_PRINTER (self), FALSE);
  g_return_val_if_fail (checklist_id != NULL && step_id != NULL, FALSE);

  /* The first placement of a block has its box: it is on its first line. */
  for (guint i = 0; i < self->placements->len; i++)
    {
      const Placement *placement = &g_array_index (self->placements, Placement, i);
      const Block *block = g_ptr_array_index (self->blocks, placement->block);

      if (block->step_id == NULL ||
          !g_str_equal (block->checklist_id, checklist_id) ||
          !g_str_equal (block->step_id, step_id))
        continue;

      if (page != NULL)
        *page = placement->page;
      if (x != NULL)
        *x = MARGIN_SIDE + block->box_x;
      if (y != NULL)
        *y = placement->y - placement->top + block->box_y;
      if (size != NULL)
        *size = BOX_SIZE;

      return TRUE;
    }

  return FALSE;
}

/**
 * okp_checklist_printer_set_language:
 * @self: an #OkpChecklistPrinter
 * @language: a BCP 47 language tag such as "zh-CN"
 *
 * The language of the text, which chooses the fonts. By default, the
 * language of the interface's translation.
 */
void
okp_checklist_printer_set_language (OkpChecklistPrinter *self,
                                    const char          *language)
{
  g_return_if_fail (OKP_IS_CHECKLIST_PRINTER (self));
  g_return_if_fail (language != NULL && *language != '\0');

  g_free (self->language);
  self->language = g_ascii_strdown (language, -1);
}

/**
 * okp_checklist_printer_set_date:
 * @self: an #OkpChecklistPrinter
 * @date: the date to print in the header
 *
 * By default, the time the printer was made.
 */
void
okp_checklist_printer_set_date (OkpChecklistPrinter *self,
                                GDateTime           *date)
{
  g_return_if_fail (OKP_IS_CHECKLIST_PRINTER (self));
  g_return_if_fail (date != NULL);

  g_date_time_unref (self->date);
  self->date = g_date_time_ref (date);
}

static void
okp_checklist_printer_finalize (GObject *object)
{
  OkpChecklistPrinter *self = (OkpChecklistPrinter *)object;

  g_clear_pointer (&self->placements, g_array_unref);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_clear_object (&self->context);
  g_clear_pointer (&self->defs, g_ptr_array_unref);
  g_clear_pointer (&self->endpoints, okp_endpoints_free);
  g_clear_object (&self->store);
  g_clear_object (&self->guide);
  g_clear_pointer (&self->date, g_date_time_unref);
  g_clear_pointer (&self->language, g_free);

  G_OBJECT_CLASS (okp_checklist_printer_parent_class)->finalize (object);
}

static void
okp_checklist_printer_class_init (OkpChecklistPrinterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = okp_checklist_printer_finalize;
}

static void
okp_checklist_printer_init (OkpChecklistPrinter *self)
{
  self->defs = g_ptr_array_new ();
  self->blocks = g_ptr_array_new_with_free_func (block_free);
  self->placements = g_array_new (FALSE, TRUE, sizeof (Placement));
  self->date = g_date_time_new_now_local ();
  /* Translators: the BCP 47 language tag of this translation, e.g. zh-CN */
  self->language = g_ascii_strdown (_("en"), -1);
}

/**
 * okp_checklist_printer_new:
 * @guide: the guide
 * @store: (nullable): the saved progress, or %NULL to print blank checklists
 * @endpoints: (nullable): the support channels' destinations, or %NULL if
 *   none is configured
 * @checklist_ids: (nullable) (array zero-terminated=1): the checklists to
 *   print, in order, or %NULL for all of them
 *
 * Returns: (transfer full): a new #OkpChecklistPrinter
 */
OkpChecklistPrinter *
okp_checklist_printer_new (OkpGuide           *guide,
                           OkpProgressStore   *store,
                           const OkpEndpoints *endpoints,
                           const char * const *checklist_ids)
{
  g_autoptr(OkpChecklistPrinter) self = NULL;
  GPtrArray *all;

  g_return_val_if_fail (OKP_IS_GUIDE (guide), NULL);
  g_return_val_if_fail (store == NULL || OKP_IS_PROGRESS_STORE (store), NULL);

  self = g_object_new (OKP_TYPE_CHECKLIST_PRINTER, NULL);
  self->guide = g_object_ref (guide);
  self->store = store != NULL ? g_object_ref (store) : NULL;
  self->endpoints = endpoints != NULL ? okp_endpoints_copy (endpoints) : NULL;

  all = okp_guide_get_checklists (guide);
  if (checklist_ids == NULL)
    {
      for (guint i = 0; i < all->len; i++)
        g_ptr_array_add (self->defs, g_ptr_array_index (all, i));
    }
  else
    {
      for (gsize i = 0; checklist_ids[i] != NULL; i++)
        {
          const OkpChecklistDef *def = okp_guide_lookup_checklist (guide, checklist_ids[i]);

          g_return_val_if_fail (def != NULL, NULL);
          g_ptr_array_add (self->defs, (gpointer) def);
        }
    }

  g_return_val_if_fail (self->defs->len > 0, NULL);

  return g_steal_pointer (&self);
}

/**
 * okp_checklist_printer_get_title:
 *
 * Returns: (nullable): the title of the one checklist printed, or %NULL
 *   when there are several
 */
const char *
okp_checklist_printer_get_title (OkpChecklistPrinter *self)
{
  g_return_val_if_fail (OKP_IS_CHECKLIST_PRINTER (self), NULL);

  if (self->defs->len != 1)
    return NULL;

  return ((const OkpChecklistDef *) g_ptr_array_index (self->defs, 0))->title;
}
