#include <cblas.h>
#include <stddef.h>

/* LAPACK routines OpenBLAS ships without lapacke.h (Debian's libopenblas-dev). Fortran calling
   convention: every argument by pointer, column-major matrices, and one hidden length per
   character argument, passed last. */
void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info, size_t uplo_length);
void dpotri_(const char *uplo, const int *n, double *a, const int *lda, int *info, size_t uplo_length);
void spotrf_(const char *uplo, const int *n, float *a, const int *lda, int *info, size_t uplo_length);
void spotri_(const char *uplo, const int *n, float *a, const int *lda, int *info, size_t uplo_length);

/* Stops OpenBLAS's thread pool (exported by its pthread build, which calls it itself before a
   fork and at exit); a later multi-threaded call would start the pool again. */
int blas_thread_shutdown_(void);
