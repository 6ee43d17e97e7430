// pool2d.wgsl — under construction.
