from vnjp.cli import main

main()
