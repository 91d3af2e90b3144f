"""Each person's Ovoz inbox: answers and news about what they wrote, signed or follow."""
