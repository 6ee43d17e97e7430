class PReLU(nn.Module):
    """Keras 3 PReLU: max(0, x) + weight * min(0, x). `weight` (Keras's alpha) has the shape of one
    sample in the playground's channels-last layout, 1 on the shared axes (nn.PReLU holds only one
    value or one per dim-1 channel, so it cannot express Keras's default of one per value). An image
    arrives NCHW (image=True) and is viewed channels-last for the product."""

    def __init__(self, shape, image=False):
        super().__init__()
        self.image = image
        self.weight = nn.Parameter(torch.zeros(*shape))

    def forward(self, x):
        if self.image:
            x = x.permute(0, 2, 3, 1)
        y = torch.where(x > 0, x, self.weight * x)
        return y.permute(0, 3, 1, 2) if self.image else y
