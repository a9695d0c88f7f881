#include <cblas.h>
#include <stddef.h>

/* LAPACK routines OpenBLAS ships without lapacke.h (Debian's libopenblas-dev). Fortran calling
   convention: every argument by pointer, column-major matrices, and one hidden length per
   character argument, passed last. */
void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info, size_t uplo_length);
void dpotri_(const char *uplo, const int *n, double *a, const int *lda, int *info, size_t uplo_length);
void spotrf_(const char *uplo, const int *n, float *a, const int *lda, int *info, size_t uplo_length);
void spotri_(const char *uplo, const int *n, float *a, const int *lda, int *info, size_t uplo_length);

/* Stops OpenBLAS's thread pool. Exported by its pthread build (which calls it itself before a
   fork and at exit) and by its OpenMP build (where it only frees buffers), but not by its serial
   build, so it is declared weak: its address is null where the loaded library lacks it. OpenBLAS starts the pool again on the next
   openblas_set_num_threads, whatever the count asked for. */
int blas_thread_shutdown_(void) __attribute__((weak));

/* Stops the pool where the library has one; returns -1 where it has none. */
static inline int recbook_blas_thread_shutdown(void) {
    return blas_thread_shutdown_ ? blas_thread_shutdown_() : -1;
}
