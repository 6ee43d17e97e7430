// conv2d.wgsl — under construction.
