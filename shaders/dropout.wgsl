// dropout.wgsl — under construction.
