// The recbook command language.
