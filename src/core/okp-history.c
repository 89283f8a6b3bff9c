/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-history"

#include "config.h"

#include "okp-history.h"

struct _OkpHistory
{
  GObject    parent_instance;

  /* owned */
  GPtrArray *places;      /* (element-type OkpPage) oldest first */
  int        current;     /* index into places, -1 when empty */
  guint      max_length;
};

G_DEFINE_FINAL_TYPE (OkpHistory, okp_history, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CAN_GO_BACK,
  PROP_CAN_GO_FORWARD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Notifies only what changed, so a window that binds its Back and Forward
 * buttons to these does no needless work on every visit. */
static void
update (OkpHistory *self,
        gboolean    could_go_back,
        gboolean    could_go_forward)
{
  if (could_go_back != okp_history_can_go_back (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_BACK]);
  if (could_go_forward != okp_history_can_go_forward (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_FORWARD]);
}

/**
 * okp_history_visit:
 * @place: the place now shown
 *
 * Records that @place is shown. Showing the place that is already current
 * (a reload, a second click on the same row) adds nothing.
 */
void
okp_history_visit (OkpHistory    *self,
                   const OkpPage *place)
{
  gboolean could_go_back, could_go_forward;

  g_return_if_fail (OKP_IS_HISTORY (self));
  g_return_if_fail (place != NULL);

  if (okp_page_equal (okp_history_get_current (self), place))
    return;

  could_go_back = okp_history_can_go_back (self);
  could_go_forward = okp_history_can_go_forward (self);

  g_ptr_array_set_size (self->places, self->current + 1);
  g_ptr_array_add (self->places, okp_page_copy (place));
  self->current++;

  if (self->places->len > self->max_length)
    {
      g_ptr_array_remove_index (self->places, 0);
      self->current--;
    }

  update (self, could_go_back, could_go_forward);
}

const OkpPage *
okp_history_get_current (OkpHistory *self)
{
  g_return_val_if_fail (OKP_IS_HISTORY (self), NULL);

  return self->current >= 0 ? g_ptr_array_index (self->places, self->current) : NULL;
}

gboolean
okp_history_can_go_back (OkpHistory *self)
{
  g_return_val_if_fail (OKP_IS_HISTORY (self), FALSE);

  return self->current > 0;
}

gboolean
okp_history_can_go_forward (OkpHistory *self)
{
  g_return_val_if_fail (OKP_IS_HISTORY (self), FALSE);

  return self->current >= 0 && (guint)self->current + 1 < self->places->len;
}

static const OkpPage *
move (OkpHistory *self,
      int         delta)
{
  gboolean could_go_back = okp_history_can_go_back (self);
  gboolean could_go_forward = okp_history_can_go_forward (self);

  self->current += delta;
  update (self, could_go_back, could_go_forward);

  return okp_history_get_current (self);
}

/**
 * okp_history_go_back:
 *
 * Returns: (nullable): the place before the current one, now current, or
 *   %NULL when there is none
 */
const OkpPage *
okp_history_go_back (OkpHistory *self)
{
  g_return_val_if_fail (OKP_IS_HISTORY (self), NULL);

  if (!okp_history_can_go_back (self))
    return NULL;

  return move (self, -1);
}

/**
 * okp_history_go_forward:
 *
 * Returns: (nullable): the place after the current one, now current, or
 *   %NULL when there is none
 */
const OkpPage *
okp_history_go_forward (OkpHistory *self)
{
  g_return_val_if_fail (OKP_IS_HISTORY (self), NULL);

  if (!okp_history_can_go_forward (self))
    return NULL;

  return move (self, +1);
}

static void
okp_history_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  OkpHistory *self = OKP_HISTORY (object);

  switch (prop_id)
    {
    case PROP_CAN_GO_BACK:
      g_value_set_boolean (value, okp_history_can_go_back (self));
      break;
    case PROP_CAN_GO_FORWARD:
      g_value_set_boolean (value, okp_history_can_go_forward (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
okp_history_finalize (GObject *object)
{
  OkpHistory *self = (OkpHistory *)object;

  g_clear_pointer (&self->places, g_ptr_array_unref);

  G_OBJECT_CLASS (okp_history_parent_class)->finalize (object);
}

static void
okp_history_class_init (OkpHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = okp_history_get_property;
  object_class->finalize = okp_history_finalize;

  properties[PROP_CAN_GO_BACK] =
    g_param_spec_boolean ("can-go-back", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_GO_FORWARD] =
    g_param_spec_boolean ("can-go-forward", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
okp_history_init (OkpHistory *self)
{
  self->places = g_ptr_array_new_with_free_func ((GDestroyNotify)okp_page_free);
  self->current = -1;
}

/**
 * okp_history_new:
 * @max_length: how many places to keep; the oldest go first
 *
 * Returns: (transfer full): an empty history
 */
OkpHistory *
okp_history_new (guint max_length)
{
  OkpHistory *self;

  g_return_val_if_fail (max_length >= 2, NULL);

  self = g_object_new (OKP_TYPE_HISTORY, NULL);
  self->max_length = max_length;

  return self;
}
