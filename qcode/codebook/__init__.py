"""The codebook: the code tree and its services, and codebook exchange formats."""
