// SwiftPM needs a source file in a C target; everything is the inline function in the header.
#include "CPrefetch.h"
