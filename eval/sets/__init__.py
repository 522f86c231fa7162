"""The eval sets: the data, one folder a family (article/, facqa/ the news sets, adversarial/), and build/, the code that makes them."""
