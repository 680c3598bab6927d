"""The public portal: its texts and whether it is open (set by the taskforce), its pages,
the public's accounts (sign-up, verification, invitation links, the code of conduct), and
contributing: writing, attaching files, flagging, "my contributions"."""
