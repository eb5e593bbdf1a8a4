// Cairo with its FreeType font backend; PNG support is part of cairo.h.
#include <cairo.h>
#include <cairo-ft.h>
