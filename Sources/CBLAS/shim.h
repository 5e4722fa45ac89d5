// OpenBLAS's CBLAS header; its include directory comes from pkg-config (openblas.pc).
#include <cblas.h>
