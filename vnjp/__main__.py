from vnjp.launch import main

main()
