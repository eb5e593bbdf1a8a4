// HarfBuzz with its FreeType integration (positions come back in 26.6 fixed point).
#include <hb.h>
#include <hb-ft.h>
#include <hb-ot.h>
