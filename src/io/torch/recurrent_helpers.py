def _cell(rnn, suffix):
    """One step of direction `suffix` ('' or '_reverse') of nn.RNN/LSTM/GRU, with its own weights."""
    w = [getattr(rnn, f"weight_ih_l0{suffix}"), getattr(rnn, f"weight_hh_l0{suffix}")]
    b = [getattr(rnn, f"bias_ih_l0{suffix}"), getattr(rnn, f"bias_hh_l0{suffix}")] if rnn.bias else [None, None]
    if isinstance(rnn, nn.LSTM):
        return lambda x, s: torch.lstm_cell(x, s, *w, *b)
    if isinstance(rnn, nn.GRU):
        return lambda x, s: torch.gru_cell(x, s, *w, *b)
    fn = torch.rnn_relu_cell if rnn.nonlinearity == "relu" else torch.rnn_tanh_cell
    return lambda x, s: fn(x, s, *w, *b)


def _direction(rnn, suffix, x, mask, reverse):
    """Runs one direction step by step; where mask [N, T] is False (token id 0) the state is
    carried over unchanged and the output repeats it, as in the playground (Keras masking)."""
    n, t_len = x.shape[0], x.shape[1]
    lstm = isinstance(rnn, nn.LSTM)
    h = x.new_zeros(n, rnn.hidden_size)
    state = (h, h.clone()) if lstm else h
    cell = _cell(rnn, suffix)
    outs = [None] * t_len
    for t in (reversed(range(t_len)) if reverse else range(t_len)):
        new = cell(x[:, t], state)
        if mask is not None:
            keep = mask[:, t].unsqueeze(1)
            new = tuple(torch.where(keep, a, b) for a, b in zip(new, state)) if lstm else torch.where(keep, new, state)
        state = new
        outs[t] = state[0] if lstm else state
    return torch.stack(outs, dim=1), (state[0] if lstm else state)


def _recurrent(rnn, x, mask, return_sequences, merge="concat"):
    """nn.RNN/LSTM/GRU (batch_first, optionally bidirectional) over x [N, T, F]. Without a mask
    the module runs as is; with one, step by step (see _direction). A bidirectional layer's last
    output is [h_T forward, h_0 backward] (Keras), and merge "sum" adds the two directions."""
    if mask is None and not rnn.bidirectional:
        y, _ = rnn(x)
        return y if return_sequences else y[:, -1]
    parts = [_direction(rnn, "", x, mask, False)]
    if rnn.bidirectional:
        parts.append(_direction(rnn, "_reverse", x, mask, True))
    i = 0 if return_sequences else 1
    if merge == "sum":
        return sum(p[i] for p in parts)
    return torch.cat([p[i] for p in parts], dim=-1)
