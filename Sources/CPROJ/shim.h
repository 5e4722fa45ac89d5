// PROJ's C API (coordinate reference systems and transformations); its include directory comes
// from pkg-config (proj.pc). Debian: libproj-dev.
#include <proj.h>
