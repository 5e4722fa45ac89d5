// glibc's allocator settings (mallopt), which the Glibc module does not include; part of the C library.
#include <malloc.h>
